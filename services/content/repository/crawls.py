"""Queries of crawls."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Row

from services.content.repository.clock import now
from services.content.tables import crawls, pages
from shared.uow import UnitOfWork


async def insert_crawl(uow: UnitOfWork, page_ids: list[str] | None) -> str:
    """Queue a crawl of these pages (all pages when None); unknown ids are not counted."""
    query = select(func.count()).select_from(pages)
    if page_ids is not None:
        query = query.where(pages.c.id.in_(page_ids))
    total = int((await uow.execute(query)).scalar_one())
    crawl_id = str(uuid.uuid4())
    await uow.execute(crawls.insert().values(
        id=crawl_id, status="queued", page_ids=page_ids, total=total, done=0, broken=0, degraded=0,
        created_at=now(),
    ))
    return crawl_id


async def crawl_by_id(uow: UnitOfWork, crawl_id: str) -> Row[Any] | None:
    return (await uow.execute(select(crawls).where(crawls.c.id == crawl_id))).first()


async def full_crawl_pending(uow: UnitOfWork) -> bool:
    pending = select(crawls.c.id).where(crawls.c.status.in_(("queued", "running")),
                                        crawls.c.page_ids.is_(None))
    return (await uow.execute(pending.limit(1))).first() is not None


async def claim_oldest_crawl(uow: UnitOfWork) -> Row[Any] | None:
    """Mark the oldest queued crawl running and return it; None when there is none to claim."""
    oldest = select(crawls.c.id, crawls.c.page_ids).where(crawls.c.status == "queued")
    row = (await uow.execute(oldest.order_by(crawls.c.created_at).limit(1))).first()
    if row is None:
        return None
    # Another replica may claim the same crawl; only the one whose update matched runs it.
    claimed = await uow.execute(
        update(crawls).where(crawls.c.id == row.id, crawls.c.status == "queued")
        .values(status="running", started_at=now())
    )
    return row if claimed.rowcount else None


async def count_crawled(uow: UnitOfWork, crawl_id: str, done: int, broken: int, degraded: int) -> None:
    await uow.execute(update(crawls).where(crawls.c.id == crawl_id).values(
        done=crawls.c.done + done, broken=crawls.c.broken + broken, degraded=crawls.c.degraded + degraded,
    ))


async def finish_crawl(uow: UnitOfWork, crawl_id: str, status: str, error: str | None) -> None:
    await uow.execute(update(crawls).where(crawls.c.id == crawl_id).values(
        status=status, error=error, finished_at=now(),
    ))
