"""The storefront's promotions read, a hot path: on PostgreSQL one prepared query on a small
asyncpg pool of its own (see shared.direct_reads); on SQLite the service's unit of work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.marketing import repository
from services.marketing.domain import Status
from shared.direct_reads import DirectReads
from shared.uow import UnitOfWork

PROMOTIONS_SQL = (
    "SELECT c.id AS campaign_id, c.name, i.sku, i.discount_pct, c.starts_at, c.ends_at, c.landing_url "
    "FROM campaign_items i JOIN campaigns c ON c.id = i.campaign_id "
    f"WHERE i.sku = $1 AND c.status = '{Status.LIVE.value}' ORDER BY c.ends_at, c.id"
)


class PromotionReader:
    def __init__(self, new_uow: Callable[[], UnitOfWork], database_url: str, pool_size: int) -> None:
        self._new_uow = new_uow
        self._direct = DirectReads(database_url, pool_size)

    async def live_promotions(self, sku: str) -> list[dict[str, Any]]:
        """Live campaigns that include the SKU, soonest ending first."""
        if not self._direct.enabled:
            async with self._new_uow() as uow:
                return await repository.live_promotions(uow, sku)
        return [dict(row) for row in await self._direct.fetch(PROMOTIONS_SQL, sku)]

    async def close(self) -> None:
        await self._direct.close()
