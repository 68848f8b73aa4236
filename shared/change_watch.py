"""Hearing of committed changes to some tables, for the per-process caches of the hot reads.

A cache of a hot read keeps answers until something that could change them commits. This module is
the one way the services hear of that, on both databases:
* a commit of this process that wrote a watched table (engine events: heard as the transaction
  commits, and again once its connection is back in the pool, so a read that raced the commit is
  not kept either);
* on PostgreSQL, a commit of any process: a trigger notifies the channel and a listening connection
  passes the payload on (while that connection is down nothing may be cached);
* on SQLite, a commit of any connection changes `PRAGMA data_version` of the watch's own
  connection, checked before each answer (a few microseconds, no lock); a change there may be to
  anything, so everything is forgotten.

A cache asks `await current()` before serving, notes `generation` before loading, and keeps what it
loaded only if the generation has not moved meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)

RECONNECT_SECONDS = 1.0

# Called with the changed key (a notification's payload) or None when anything may have changed.
Forget = Callable[[str | None], None]


WRITES = ("INSERT", "UPDATE", "DELETE", "WITH")


def _is_textual_write(sql: str, tables: frozenset[str]) -> bool:
    """A write given as SQL text (not a compiled statement) that names a watched table."""
    head = sql.lstrip()[:6].upper()
    return head.startswith(WRITES) and any(table in sql for table in tables)


class ChangeWatch:
    def __init__(self, database_url: str, channel: str, tables: frozenset[str], forget: Forget) -> None:
        url = make_url(database_url)
        self._postgres = url.get_backend_name() == "postgresql"
        self._sqlite_path = None if self._postgres else url.database
        self._dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._channel = channel
        self._tables = tables
        self._forget = forget
        self._generation = 0
        self._written, self._committed = f"{channel}_written", f"{channel}_committed"
        self._listener: asyncpg.Connection | None = None
        self._connecting = asyncio.Lock()
        self._retry_at = 0.0
        self._watcher: sqlite3.Connection | None = None
        self._data_version: int | None = None

    @property
    def generation(self) -> int:
        """Grows with every change heard of; what was loaded across a change is not to be kept."""
        return self._generation

    def changed(self, key: str | None = None) -> None:
        """A change of `key` (None: of anything) was heard of."""
        self._generation += 1
        self._forget(key)

    async def current(self) -> bool:
        """Whether cached answers may be served now; first hears of whatever changed meanwhile."""
        if self._postgres:
            await self._listen()
            return self._listening
        return self._sqlite_unchanged()

    def _sqlite_unchanged(self) -> bool:
        if self._sqlite_path in (None, "", ":memory:"):
            return False
        try:
            if self._watcher is None:
                self._watcher = sqlite3.connect(str(self._sqlite_path), isolation_level=None,
                                                check_same_thread=False)
            version = int(self._watcher.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as error:
            log.warning("%s cache off, cannot watch the SQLite file: %r", self._channel, error)
            self._close_watcher()
            self.changed()
            return False
        if version != self._data_version:
            self._data_version = version
            self.changed()
        return True

    @property
    def _listening(self) -> bool:
        return self._listener is not None and not self._listener.is_closed()

    async def _listen(self) -> None:
        """Open the listening connection when it is down, at most once per second."""
        if self._listening or time.monotonic() < self._retry_at:
            return
        async with self._connecting:
            if self._listening:
                return
            self._retry_at = time.monotonic() + RECONNECT_SECONDS
            self.changed()
            try:
                connection = await asyncpg.connect(self._dsn)
                await connection.add_listener(self._channel, self._on_notification)
            except (OSError, asyncpg.PostgresError) as error:
                log.warning("%s cache off, cannot listen for changes: %r", self._channel, error)
                return
            connection.add_termination_listener(lambda _: self.changed())
            self._listener = connection

    def _on_notification(self, _connection: object, _pid: int, _channel: str, payload: str) -> None:
        self.changed(payload or None)

    def watch_writes(self, engine: AsyncEngine) -> None:
        """Hear of this process's transactions that wrote a watched table as they commit."""

        @event.listens_for(engine.sync_engine, "after_cursor_execute")
        def _note_write(
            connection: Any, _cursor: Any, sql: str, _params: Any, context: Any, _many: bool
        ) -> None:
            if context is not None and (context.isinsert or context.isupdate or context.isdelete):
                table = getattr(getattr(context.compiled, "statement", None), "table", None)
                if getattr(table, "name", None) in self._tables:
                    connection.info[self._written] = True
            elif _is_textual_write(sql, self._tables):
                connection.info[self._written] = True

        @event.listens_for(engine.sync_engine, "commit")
        def _on_commit(connection: Any) -> None:
            if connection.info.pop(self._written, False):
                connection.info[self._committed] = True
                self.changed()

        @event.listens_for(engine.sync_engine, "rollback")
        def _on_rollback(connection: Any) -> None:
            connection.info.pop(self._written, None)

        @event.listens_for(engine.sync_engine.pool, "checkin")
        def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
            # The "commit" event comes before the commit itself: a read in between saw the old rows.
            if record is not None and record.info.pop(self._committed, False):
                self.changed()

    def _close_watcher(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None

    async def close(self) -> None:
        self._close_watcher()
        if self._listener is not None:
            await self._listener.close()
            self._listener = None
