"""The promotions answer of each SKU, serialised once and kept per process until something changes.

What can change an answer, and how the cache hears of it: a committed change to `campaigns` or
`campaign_items`, by this process or any other, on either database (shared.change_watch; on
PostgreSQL a statement trigger notifies channel `marketing_promotions`); and time: an answer is
kept only until the next `starts_at` or `ends_at` among its campaigns, so a scheduled campaign
appears at its start and a campaign disappears at its end without a write.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from shared.change_watch import ChangeWatch

CHANNEL = "marketing_promotions"
WATCHED_TABLES = frozenset({"campaigns", "campaign_items"})
MAX_ENTRIES = 100_000


@dataclass(frozen=True)
class Answer:
    body: bytes
    # POSIX time of the next start or end among the SKU's campaigns; None when there is none.
    valid_until: float | None


class PromotionCache:
    def __init__(self, database_url: str) -> None:
        self._answers: dict[str, Answer] = {}
        self._watch = ChangeWatch(database_url, CHANNEL, WATCHED_TABLES, lambda _: self._answers.clear())

    @property
    def generation(self) -> int:
        """Grows with every change heard of; answers loaded across a change are not kept."""
        return self._watch.generation

    async def current(self) -> bool:
        """Whether cached answers may be served now; first forgets whatever changed meanwhile."""
        return await self._watch.current()

    def get(self, sku: str, now: float) -> bytes | None:
        answer = self._answers.get(sku)
        if answer is None or (answer.valid_until is not None and now >= answer.valid_until):
            return None
        return answer.body

    def put(self, sku: str, answer: Answer, loaded_at_generation: int) -> None:
        if loaded_at_generation != self._watch.generation:
            return
        if len(self._answers) >= MAX_ENTRIES:
            self._answers.clear()
        self._answers[sku] = answer

    def forget(self) -> None:
        self._watch.changed()

    def watch_writes(self, engine: AsyncEngine) -> None:
        """Forget everything when a transaction of this process that wrote campaigns commits."""
        self._watch.watch_writes(engine)

    async def close(self) -> None:
        await self._watch.close()
