"""Queries and writes of pages, tasks and SKUs; never commits (the unit of work does)."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Row

from services.content import domain
from services.content.crawler.check import CheckResult
from services.content.tables import known_skus, pages, tasks
from shared.events.payloads.content import PageBroken, PageRestored
from shared.uow import UnitOfWork

BROKEN = "content.page.broken.v1"
RESTORED = "content.page.restored.v1"


def now() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands timestamps back naive; they were stored as UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


async def page_by_id(uow: UnitOfWork, page_id: str) -> Row[Any] | None:
    return (await uow.execute(select(pages).where(pages.c.id == page_id))).first()


async def page_by_url(uow: UnitOfWork, url: str) -> Row[Any] | None:
    return (await uow.execute(select(pages).where(pages.c.url == url))).first()


async def product_pages(uow: UnitOfWork, skus: list[str]) -> list[Row[Any]]:
    query = select(pages).where(pages.c.kind == "product", pages.c.sku.in_(skus)).order_by(pages.c.url)
    return list((await uow.execute(query)).all())


async def upsert_page(uow: UnitOfWork, url: str, values: dict[str, Any]) -> tuple[Row[Any], bool]:
    """Insert or update the page of this URL; True when it was created."""
    existing = await page_by_url(uow, url)
    stamp = now()
    if existing is not None:
        if values:
            await uow.execute(
                update(pages).where(pages.c.id == existing.id).values(**values, updated_at=stamp)
            )
        page = await page_by_id(uow, existing.id)
        assert page is not None
        return page, False
    row = {
        "id": str(uuid.uuid4()), "url": url, "kind": "other", "health": "unknown", "issues": [],
        "created_at": stamp, "updated_at": stamp, **values,
    }
    created = await uow.insert_ignoring_duplicates(pages, row)
    page = await page_by_url(uow, url)
    assert page is not None
    return page, created


async def insert_page_if_new(uow: UnitOfWork, url: str, kind: str) -> bool:
    stamp = now()
    return await uow.insert_ignoring_duplicates(pages, {
        "id": str(uuid.uuid4()), "url": url, "kind": kind, "health": "unknown", "issues": [],
        "created_at": stamp, "updated_at": stamp,
    })


async def record_check(uow: UnitOfWork, page: Row[Any], result: CheckResult) -> str:
    """Store a check; publish broken/restored on transitions and open the tasks it calls for."""
    # Lock the row so concurrent checks of one page see each other's transitions.
    locked = select(pages.c.health).where(pages.c.id == page.id)
    if uow.dialect == "postgresql":
        locked = locked.with_for_update()
    previous = (await uow.execute(locked)).scalar_one_or_none()
    if previous is None:
        return "unknown"
    health = result.health
    values: dict[str, Any] = {
        "health": health, "issues": [asdict(issue) for issue in result.issues], "score": result.score,
        "status_code": result.status_code, "response_ms": round(result.elapsed * 1000),
        "checked_at": result.checked_at,
    }
    if result.title and not page.title:
        values["title"] = domain.printable(result.title)[:500]
    await uow.execute(update(pages).where(pages.c.id == page.id).values(**values))
    change = domain.transition(previous, health)
    if change.became_broken:
        uow.publish(BROKEN, page.id, PageBroken(
            page_id=page.id, url=page.url, kind=page.kind, sku=page.sku,
            issues=domain.issue_codes(result.issues),
        ))
    if change.restored:
        uow.publish(RESTORED, page.id, PageRestored(
            page_id=page.id, url=page.url, kind=page.kind, sku=page.sku,
        ))
    for kind in domain.tasks_for_check(health, result.issues):
        await open_task(uow, kind, page_id=page.id, sku=page.sku, details={
            "url": page.url, "issues": domain.issue_codes(result.issues),
        })
    return health


async def open_task(
    uow: UnitOfWork, kind: str, *, page_id: str | None = None, sku: str | None = None,
    url: str | None = None, details: dict[str, Any] | None = None, refresh_details: bool = False,
) -> str:
    """The id of the open task of this kind and subject, creating it when there is none."""
    subject = domain.task_subject(page_id, sku, url)
    stamp = now()
    await uow.insert_ignoring_duplicates(tasks, {
        "id": str(uuid.uuid4()), "kind": kind, "subject": subject, "page_id": page_id, "sku": sku,
        "status": "open", "details": details or {}, "created_at": stamp, "updated_at": stamp,
    })
    open_one = select(tasks.c.id).where(tasks.c.kind == kind, tasks.c.subject == subject,
                                        tasks.c.status != "done")
    task_id = str((await uow.execute(open_one)).scalar_one())
    if refresh_details and details:
        await uow.execute(
            update(tasks).where(tasks.c.id == task_id).values(details=details, updated_at=stamp)
        )
    return task_id


async def close_tasks(uow: UnitOfWork, kind: str, *, sku: str) -> None:
    await uow.execute(
        update(tasks)
        .where(tasks.c.kind == kind, tasks.c.subject == domain.task_subject(sku=sku))
        .where(tasks.c.status != "done")
        .values(status="done", updated_at=now())
    )


async def learn_sku(uow: UnitOfWork, sku: str) -> None:
    await uow.insert_ignoring_duplicates(known_skus, {"sku": sku, "first_seen_at": now()})


def missing_product_pages_query() -> Any:
    """Known SKUs without any product page."""
    with_page = select(pages.c.sku).where(pages.c.kind == "product", pages.c.sku.is_not(None))
    return select(known_skus.c.sku).where(known_skus.c.sku.not_in(with_page)).order_by(known_skus.c.sku)
