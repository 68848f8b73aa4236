"""Stock views cached per process, forgotten on every committed change (PostgreSQL and SQLite).

Stock is read far more often than it changes. The cache hears of committed changes to items and
stock levels through shared.change_watch: on PostgreSQL a trigger notifies channel
`inventory_stock` with the SKU (only that SKU is forgotten); on SQLite a commit by any connection
changes `PRAGMA data_version` (everything is forgotten); a transaction of this process that writes
stock clears the cache as it commits, so a client reading after its own write never waits for a
notification. While the change watch is blind (listening connection down, no SQLite file) nothing
is cached: reads go to the database.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from services.inventory.domain import StockView
from shared.change_watch import ChangeWatch

CHANNEL = "inventory_stock"
WATCHED_TABLES = frozenset({"items", "stock_levels"})
MAX_ENTRIES = 100_000


class StockCache:
    def __init__(self, database_url: str) -> None:
        self._views: dict[str, StockView] = {}
        self._watch = ChangeWatch(database_url, CHANNEL, WATCHED_TABLES, self._forget)

    @property
    def generation(self) -> int:
        """Grows with every change heard of; views loaded across a change are not kept."""
        return self._watch.generation

    async def current(self) -> bool:
        """Whether cached views may be served now; first forgets whatever changed meanwhile."""
        return await self._watch.current()

    def get(self, sku: str) -> StockView | None:
        return self._views.get(sku)

    def put(self, views: dict[str, StockView], loaded_at_generation: int) -> None:
        if loaded_at_generation != self._watch.generation:
            return
        if len(self._views) + len(views) > MAX_ENTRIES:
            self._views.clear()
        self._views.update(views)

    def forget(self, sku: str | None = None) -> None:
        """Forget one SKU, or everything."""
        self._watch.changed(sku)

    def _forget(self, sku: str | None) -> None:
        if sku is None:
            self._views.clear()
        else:
            self._views.pop(sku, None)

    def watch_writes(self, engine: AsyncEngine) -> None:
        """Clear the cache when a transaction of this process that wrote stock commits."""
        self._watch.watch_writes(engine)

    async def close(self) -> None:
        await self._watch.close()
