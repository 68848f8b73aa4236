"""Queries of content tasks, known SKUs and out-of-stock SKUs."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Row

from services.content import domain
from services.content.repository.clock import now
from services.content.tables import known_skus, out_of_stock, tasks
from shared.uow import UnitOfWork


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
    open_one = select(tasks.c.id, tasks.c.details).where(tasks.c.kind == kind, tasks.c.subject == subject,
                                                         tasks.c.status != "done")
    task = (await uow.execute(open_one)).one()
    if refresh_details and details:
        # Merged, so a refresh from one source keeps what another one recorded on the same task.
        await uow.execute(update(tasks).where(tasks.c.id == task.id).values(
            details={**(task.details or {}), **details}, updated_at=stamp))
    return str(task.id)


async def close_tasks(uow: UnitOfWork, kind: str, *, sku: str) -> None:
    await uow.execute(
        update(tasks)
        .where(tasks.c.kind == kind, tasks.c.subject == domain.task_subject(sku=sku))
        .where(tasks.c.status != "done")
        .values(status="done", updated_at=now())
    )


async def task_by_id(uow: UnitOfWork, task_id: str) -> Row[Any] | None:
    return (await uow.execute(select(tasks).where(tasks.c.id == task_id))).first()


async def list_tasks(
    uow: UnitOfWork, limit: int, after_id: str | None, filters: Mapping[str, str]
) -> list[Row[Any]]:
    query = select(tasks).order_by(tasks.c.id).limit(limit)
    for column, value in filters.items():
        query = query.where(tasks.c[column] == value)
    if after_id is not None:
        query = query.where(tasks.c.id > after_id)
    return list((await uow.execute(query)).all())


async def update_task(uow: UnitOfWork, task_id: str, status: str, assignee: str | None) -> None:
    values: dict[str, Any] = {"status": status, "updated_at": now()}
    if assignee is not None:
        values["assignee"] = assignee
    await uow.execute(update(tasks).where(tasks.c.id == task_id).values(**values))


async def learn_sku(uow: UnitOfWork, sku: str) -> None:
    await uow.insert_ignoring_duplicates(known_skus, {"sku": sku, "first_seen_at": now()})


async def learn_skus(uow: UnitOfWork, skus: list[str]) -> None:
    """Several SKUs at once."""
    seen_at = now()
    await uow.insert_many_ignoring_duplicates(
        known_skus, [{"sku": sku, "first_seen_at": seen_at} for sku in dict.fromkeys(skus)]
    )


async def mark_out_of_stock(uow: UnitOfWork, sku: str, since: datetime) -> None:
    await uow.insert_ignoring_duplicates(out_of_stock, {"sku": sku, "since": since})


async def clear_out_of_stock(uow: UnitOfWork, sku: str) -> None:
    await uow.execute(delete(out_of_stock).where(out_of_stock.c.sku == sku))
