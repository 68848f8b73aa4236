"""The storefront's promotions read, a hot path: on PostgreSQL one prepared query on a small
asyncpg pool of its own (see shared.direct_reads); on SQLite a read-only unit of work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.marketing import repository
from shared.direct_reads import DirectReads
from shared.uow import UnitOfWork


class PromotionReader:
    def __init__(self, new_read_uow: Callable[[], UnitOfWork], database_url: str, pool_size: int) -> None:
        self._new_read_uow = new_read_uow
        self._direct = DirectReads(database_url, pool_size)

    async def live_promotions(self, sku: str) -> list[dict[str, Any]]:
        """Live campaigns that include the SKU, soonest ending first (as repository.live_promotions)."""
        if not self._direct.enabled:
            async with self._new_read_uow() as uow:
                return await repository.live_promotions(uow, sku)
        return [dict(row) for row in await self._direct.fetch(repository.PROMOTIONS_SQL, sku)]

    async def close(self) -> None:
        await self._direct.close()
