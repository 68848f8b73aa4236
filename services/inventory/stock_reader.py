"""The storefront's stock reads, the hottest path of the service.

On PostgreSQL they go straight to a small asyncpg pool of their own with one prepared query: no
ORM, no transaction, no pool pre-ping, which the shared engine pays for on every checkout. On
SQLite (the local default) they use the service's engine.
"""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from services.inventory import repository

STOCK_SQL = (
    "SELECT i.sku, i.low_stock_threshold, s.warehouse, s.on_hand, s.reserved "
    "FROM items i LEFT JOIN stock_levels s ON s.sku = i.sku "
    "WHERE i.sku = ANY($1::varchar[]) ORDER BY i.sku, s.warehouse"
)


async def _keep_session(_: asyncpg.Connection) -> None:
    """Reads change no session state, so a returned connection needs no reset round trip."""


class StockReader:
    def __init__(self, engine: AsyncEngine, database_url: str, pool_size: int) -> None:
        self._engine = engine
        self._direct = engine.dialect.name == "postgresql"
        self._dsn = make_url(database_url).set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        self._pool_size = pool_size
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()

    async def views(self, skus: list[str]) -> dict[str, dict[str, Any]]:
        """Stock of these SKUs, keyed by SKU; unknown SKUs are absent."""
        if not self._direct:
            async with self._engine.connect() as connection:
                return await repository.stock_views(connection, skus)
        pool = self._pool or await self._open()
        async with pool.acquire() as connection:
            rows = await connection.fetch(STOCK_SQL, skus)
        return repository.build_views(rows)

    async def _open(self) -> asyncpg.Pool:
        async with self._opening:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    self._dsn, min_size=1, max_size=self._pool_size, reset=_keep_session
                )
        return self._pool

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
