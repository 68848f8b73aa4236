"""The promotions answer of each SKU, serialised once and kept per process until something changes.

What can change an answer, and how the cache hears of it:
* a commit of this process that wrote `campaigns` or `campaign_items` (engine events: the cache
  is cleared as the transaction commits and again once its connection is back in the pool, so a
  read that raced the commit is not kept either);
* on PostgreSQL, a commit of any process: a statement trigger notifies channel
  `marketing_promotions` and the listening connection clears the cache (while that connection is
  down nothing is cached);
* on SQLite, a commit of any connection changes `PRAGMA data_version` of the cache's own
  connection, checked before each answer (a few microseconds, no lock);
* time: an answer is kept only until the next `starts_at` or `ends_at` among its campaigns, so a
  scheduled campaign appears at its start and a campaign disappears at its end without a write.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)

CHANNEL = "marketing_promotions"
WATCHED_TABLES = frozenset({"campaigns", "campaign_items"})
MAX_ENTRIES = 100_000
RECONNECT_SECONDS = 1.0
_WRITTEN, _COMMITTED = "promotions_written", "promotions_committed"


@dataclass(frozen=True)
class Answer:
    body: bytes
    # POSIX time of the next start or end among the SKU's campaigns; None when there is none.
    valid_until: float | None


class PromotionCache:
    def __init__(self, database_url: str, dsn: str) -> None:
        url = make_url(database_url)
        self._postgres = url.get_backend_name() == "postgresql"
        self._sqlite_path = url.database if not self._postgres else None
        self._dsn = dsn
        self._answers: dict[str, Answer] = {}
        self._generation = 0
        self._listener: asyncpg.Connection | None = None
        self._connecting = asyncio.Lock()
        self._retry_at = 0.0
        self._watcher: sqlite3.Connection | None = None
        self._data_version: int | None = None

    @property
    def generation(self) -> int:
        """Grows with every change heard of; answers loaded across a change are not kept."""
        return self._generation

    @property
    def _listening(self) -> bool:
        return self._listener is not None and not self._listener.is_closed()

    async def current(self) -> bool:
        """Whether cached answers may be served now; first forgets whatever changed meanwhile."""
        if self._postgres:
            await self._listen()
            return self._listening
        return self._sqlite_unchanged()

    def get(self, sku: str, now: float) -> bytes | None:
        answer = self._answers.get(sku)
        if answer is None or (answer.valid_until is not None and now >= answer.valid_until):
            return None
        return answer.body

    def put(self, sku: str, answer: Answer, loaded_at_generation: int) -> None:
        if loaded_at_generation != self._generation:
            return
        if len(self._answers) >= MAX_ENTRIES:
            self._answers.clear()
        self._answers[sku] = answer

    def forget(self) -> None:
        self._generation += 1
        self._answers.clear()

    def _sqlite_unchanged(self) -> bool:
        if self._sqlite_path in (None, "", ":memory:"):
            return False
        try:
            if self._watcher is None:
                self._watcher = sqlite3.connect(self._sqlite_path, isolation_level=None,
                                                check_same_thread=False)
            version = int(self._watcher.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as error:
            log.warning("promotions cache off, cannot watch the SQLite file: %r", error)
            self._close_watcher()
            self.forget()
            return False
        if version != self._data_version:
            self._data_version = version
            self.forget()
        return True

    async def _listen(self) -> None:
        """Open the listening connection when it is down, at most once per second."""
        if self._listening or time.monotonic() < self._retry_at:
            return
        async with self._connecting:
            if self._listening:
                return
            self._retry_at = time.monotonic() + RECONNECT_SECONDS
            self.forget()
            try:
                connection = await asyncpg.connect(self._dsn)
                await connection.add_listener(CHANNEL, self._on_notification)
            except (OSError, asyncpg.PostgresError) as error:
                log.warning("promotions cache off, cannot listen for changes: %r", error)
                return
            connection.add_termination_listener(lambda _: self.forget())
            self._listener = connection

    def _on_notification(self, _connection: object, _pid: int, _channel: str, _payload: str) -> None:
        self.forget()

    def watch_writes(self, engine: AsyncEngine) -> None:
        """Forget everything when a transaction of this process that wrote campaigns commits."""

        @event.listens_for(engine.sync_engine, "after_cursor_execute")
        def _note_write(
            connection: Any, _cursor: Any, _sql: str, _params: Any, context: Any, _many: bool
        ) -> None:
            if context is None or not (context.isinsert or context.isupdate or context.isdelete):
                return
            table = getattr(getattr(context.compiled, "statement", None), "table", None)
            if getattr(table, "name", None) in WATCHED_TABLES:
                connection.info[_WRITTEN] = True

        @event.listens_for(engine.sync_engine, "commit")
        def _on_commit(connection: Any) -> None:
            if connection.info.pop(_WRITTEN, False):
                connection.info[_COMMITTED] = True
                self.forget()

        @event.listens_for(engine.sync_engine, "rollback")
        def _on_rollback(connection: Any) -> None:
            connection.info.pop(_WRITTEN, None)

        @event.listens_for(engine.sync_engine.pool, "checkin")
        def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
            # The "commit" event comes before the commit itself: a read in between saw the old rows.
            if record is not None and record.info.pop(_COMMITTED, False):
                self.forget()

    def _close_watcher(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None

    async def close(self) -> None:
        self._close_watcher()
        if self._listener is not None:
            await self._listener.close()
            self._listener = None
