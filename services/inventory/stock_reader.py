"""The storefront's stock reads, the hottest path of the service.

On PostgreSQL they are answered from a per-process cache kept current by change notifications
(see stock_cache), and otherwise go straight to a small asyncpg pool of their own with one
prepared query: no ORM, no transaction, no pool pre-ping. On SQLite (the local default) they use
the service's engine.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from services.inventory import repository
from services.inventory.stock_cache import StockCache
from shared.direct_reads import DirectReads

STOCK_SQL = (
    "SELECT i.sku, i.low_stock_threshold, s.warehouse, s.on_hand, s.reserved "
    "FROM items i LEFT JOIN stock_levels s ON s.sku = i.sku "
    "WHERE i.sku = ANY($1::varchar[]) ORDER BY i.sku, s.warehouse"
)


class StockReader:
    def __init__(self, engine: AsyncEngine, database_url: str, pool_size: int) -> None:
        self._engine = engine
        self._direct = DirectReads(database_url, pool_size)
        self._cache = StockCache(self._direct.dsn)
        if self._direct.enabled:
            self._cache.watch_writes(engine)

    async def views(self, skus: list[str]) -> dict[str, dict[str, Any]]:
        """Stock of these SKUs, keyed by SKU; unknown SKUs are absent. The views are shared with
        the cache: read them, never change them."""
        if not self._direct.enabled:
            async with self._engine.connect() as connection:
                return await repository.stock_views(connection, skus)
        await self._cache.listen()
        cached = {sku: view for sku in skus if (view := self._cache.get(sku)) is not None}
        if len(cached) == len(set(skus)):
            return cached
        generation = self._cache.generation
        views = repository.build_views(await self._direct.fetch(STOCK_SQL, skus))
        self._cache.put(views, generation)
        return views

    async def close(self) -> None:
        await self._cache.close()
        await self._direct.close()
