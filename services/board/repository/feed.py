"""The activity feed: every event the board applied, newest first."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, func, or_, select

from services.board.repository.rows import FeedEntry
from services.board.tables import feed
from shared.uow import UnitOfWork


async def add(uow: UnitOfWork, values: dict[str, object]) -> None:
    await uow.insert_ignoring_duplicates(feed, values)


async def latest_seq(uow: UnitOfWork) -> int:
    return int((await uow.execute(select(func.max(feed.c.seq)))).scalar_one() or 0)


async def count(uow: UnitOfWork) -> int:
    return int((await uow.execute(select(func.count()).select_from(feed))).scalar_one())


async def newest(uow: UnitOfWork, limit: int) -> list[FeedEntry]:
    rows = (await uow.execute(select(feed).order_by(feed.c.seq.desc()).limit(limit))).all()
    return [_entry(row) for row in rows]


async def of_campaign(uow: UnitOfWork, campaign_id: str, skus: Sequence[str], limit: int) -> list[FeedEntry]:
    """The campaign's own events and those about its SKUs, oldest first (the latest `limit`)."""
    condition = feed.c.campaign_id == campaign_id
    if skus:
        condition = or_(condition, feed.c.sku.in_(list(skus)))
    rows = (await uow.execute(select(feed).where(condition).order_by(feed.c.seq.desc()).limit(limit))).all()
    return [_entry(row) for row in reversed(rows)]


def _entry(row: Row[tuple[object, ...]]) -> FeedEntry:
    return FeedEntry(row.seq, row.event_id, row.event_type, row.source, row.subject, row.occurred_at,
                     row.correlation_id, row.summary, row.campaign_id)
