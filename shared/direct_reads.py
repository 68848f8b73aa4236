"""Hot read paths straight on asyncpg (PostgreSQL only).

A storefront read is one indexed query. Through the shared engine it also pays for the ORM
layer, a transaction, and a pool pre-ping on every checkout; a small asyncpg pool of its own with
prepared statements does without them. Callers keep their engine path for SQLite.
"""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url


async def _keep_session(_: asyncpg.Connection) -> None:
    """Reads change no session state, so a returned connection needs no reset round trip."""


class DirectReads:
    """A lazily opened asyncpg pool for read-only queries."""

    def __init__(self, database_url: str, pool_size: int) -> None:
        self.enabled = make_url(database_url).get_backend_name() == "postgresql"
        self.dsn = make_url(database_url).set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        self._pool_size = pool_size
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()

    async def fetch(self, sql: str, *arguments: Any) -> list[asyncpg.Record]:
        pool = self._pool or await self._open()
        async with pool.acquire() as connection:
            rows: list[asyncpg.Record] = await connection.fetch(sql, *arguments)
        return rows

    async def _open(self) -> asyncpg.Pool:
        async with self._opening:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    self.dsn, min_size=1, max_size=self._pool_size, reset=_keep_session
                )
        return self._pool

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
