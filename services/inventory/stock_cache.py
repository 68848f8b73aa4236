"""Stock views cached per process, forgotten on every committed change (PostgreSQL only).

Stock is read far more often than it changes. A trigger notifies channel `inventory_stock` with
the SKU on every committed change to an item or a stock level; each process listens and forgets
that SKU. A transaction of this process that writes stock also clears the cache as it commits, so
a client reading after its own write never waits for the notification. While the listening
connection is down nothing is cached: reads go to the database.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from services.inventory.domain import StockView

log = logging.getLogger(__name__)

CHANNEL = "inventory_stock"
WATCHED_TABLES = frozenset({"items", "stock_levels"})
MAX_ENTRIES = 100_000
RECONNECT_SECONDS = 1.0


class StockCache:
    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._views: dict[str, StockView] = {}
        self._generation = 0
        self._listener: asyncpg.Connection | None = None
        self._connecting = asyncio.Lock()
        self._retry_at = 0.0

    @property
    def listening(self) -> bool:
        return self._listener is not None and not self._listener.is_closed()

    @property
    def generation(self) -> int:
        """Grows with every change heard of; views loaded across a change are not kept."""
        return self._generation

    def get(self, sku: str) -> StockView | None:
        return self._views.get(sku) if self.listening else None

    def put(self, views: dict[str, StockView], loaded_at_generation: int) -> None:
        if loaded_at_generation != self._generation or not self.listening:
            return
        if len(self._views) + len(views) > MAX_ENTRIES:
            self._views.clear()
        self._views.update(views)

    def forget(self, sku: str | None = None) -> None:
        """Forget one SKU, or everything."""
        self._generation += 1
        if sku is None:
            self._views.clear()
        else:
            self._views.pop(sku, None)

    async def listen(self) -> None:
        """Open the listening connection when it is down, at most once per second."""
        if self.listening or time.monotonic() < self._retry_at:
            return
        async with self._connecting:
            if self.listening:
                return
            self._retry_at = time.monotonic() + RECONNECT_SECONDS
            self.forget()
            try:
                connection = await asyncpg.connect(self._dsn)
                await connection.add_listener(CHANNEL, self._on_notification)
            except (OSError, asyncpg.PostgresError) as error:
                log.warning("stock cache off, cannot listen for changes: %r", error)
                return
            connection.add_termination_listener(lambda _: self.forget())
            self._listener = connection

    def _on_notification(self, _connection: object, _pid: int, _channel: str, sku: str) -> None:
        self.forget(sku)

    def watch_writes(self, engine: AsyncEngine) -> None:
        """Clear the cache when a transaction of this process that wrote stock commits."""

        @event.listens_for(engine.sync_engine, "after_cursor_execute")
        def _note_write(
            connection: Any, _cursor: Any, _sql: str, _params: Any, context: Any, _many: bool
        ) -> None:
            if context is None or not (context.isinsert or context.isupdate or context.isdelete):
                return
            table = getattr(getattr(context.compiled, "statement", None), "table", None)
            if getattr(table, "name", None) in WATCHED_TABLES:
                connection.info["stock_written"] = True

        @event.listens_for(engine.sync_engine, "commit")
        def _on_commit(connection: Any) -> None:
            if connection.info.pop("stock_written", False):
                self.forget()

        @event.listens_for(engine.sync_engine, "rollback")
        def _on_rollback(connection: Any) -> None:
            connection.info.pop("stock_written", None)

    async def close(self) -> None:
        if self._listener is not None:
            await self._listener.close()
            self._listener = None
