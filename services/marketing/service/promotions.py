"""The storefront's promotions read, a hot path: answered from a per-process cache of the JSON
body (see promotion_cache); on a miss, on PostgreSQL one prepared query on a small asyncpg pool of
its own (see shared.direct_reads), on SQLite the repository query in a read-only unit of work opened
only then (a cache hit opens none, as for inventory's stock reads).
Either way the answer is what `repository.promotions` answers (tests/integration/marketing/
test_promotion_reader.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from services.marketing import domain, repository
from services.marketing.domain import Promotion
from services.marketing.promotion_cache import Answer, PromotionCache
from services.marketing.schemas import PromotionsOut
from shared.direct_reads import DirectReads
from shared.uow import UnitOfWork


def render(promotions: list[Promotion]) -> bytes:
    return PromotionsOut.model_validate({"items": [asdict(p) for p in promotions]}).model_dump_json().encode()


class PromotionReader:
    def __init__(
        self, read_uow: Callable[[], UnitOfWork], engine: AsyncEngine, database_url: str, pool_size: int
    ) -> None:
        self._read_uow = read_uow
        self._direct = DirectReads(database_url, pool_size)
        self._cache = PromotionCache(database_url)
        self._cache.watch_writes(engine)

    async def promotions_json(self, sku: str) -> bytes:
        """The JSON body of `GET /v1/promotions?sku=`."""
        cache_usable = await self._cache.current()
        if cache_usable and (body := self._cache.get(sku, time.time())) is not None:
            return body
        generation = self._cache.generation
        now = datetime.now(UTC)
        candidates = await self._candidates(sku, now)
        body = render(domain.shown_at(candidates, now))
        if cache_usable:
            valid_until = domain.next_change(candidates, now)
            self._cache.put(sku, Answer(body, valid_until.timestamp() if valid_until else None), generation)
        return body

    async def _candidates(self, sku: str, now: datetime) -> list[Promotion]:
        if self._direct.enabled:
            records = await self._direct.fetch(repository.PROMOTION_CANDIDATES_SQL, sku, now)
            return repository.promotions_of_records(records)
        async with self._read_uow() as uow:
            return await repository.promotion_candidates(uow, sku, now)

    async def close(self) -> None:
        await self._cache.close()
        await self._direct.close()
