"""The storefront's stock reads, the hottest path of the service.

On both databases they are answered from a per-process cache kept current by the change watch
(see stock_cache). On a miss, on SQLite (the local default) they run the repository query in a
read-only unit of work of their own, which takes no write lock, opened only when needed: as a
route dependency it would cost every request a thread hop (FastAPI runs the sync `ReadUow`
factory in its thread pool), which under load costs more than a cached read itself. On
PostgreSQL a miss goes straight to a small asyncpg pool of their own with the same query as
prepared SQL: no ORM, no transaction, no pool pre-ping, no unit of work. Both paths answer alike
(tests/integration/inventory/test_stock_reads.py).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncEngine

from services.inventory.domain import StockView
from services.inventory.repository import stock
from services.inventory.stock_cache import StockCache
from shared.direct_reads import DirectReads
from shared.uow import UnitOfWork

__all__ = ["StockReads", "StockView"]


class StockReads:
    def __init__(
        self, read_uow: Callable[[], UnitOfWork], engine: AsyncEngine, database_url: str, pool_size: int
    ) -> None:
        self._read_uow = read_uow
        self._direct = DirectReads(database_url, pool_size)
        self._cache = StockCache(database_url)
        self._cache.watch_writes(engine)

    async def views(self, skus: list[str]) -> dict[str, StockView]:
        """Stock of these SKUs, keyed by SKU; unknown SKUs are absent."""
        usable = await self._cache.current()
        if usable:
            cached = {sku: view for sku in skus if (view := self._cache.get(sku)) is not None}
            if len(cached) == len(set(skus)):
                return cached
        generation = self._cache.generation
        views = await self._load(skus)
        if usable:
            self._cache.put(views, generation)
        return views

    async def _load(self, skus: list[str]) -> dict[str, StockView]:
        if self._direct.enabled:
            return stock.build_views(await self._direct.fetch(stock.STOCK_SQL, skus))
        async with self._read_uow() as uow:
            return await stock.stock_views(uow, skus)

    async def close(self) -> None:
        await self._cache.close()
        await self._direct.close()
