"""The latest backbone health reading per service."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from services.board.repository.rows import HealthRow
from services.board.tables import backbone_health
from shared.uow import UnitOfWork


async def record(uow: UnitOfWork, service: str, values: dict[str, Any]) -> None:
    changed = await uow.execute(
        update(backbone_health).where(backbone_health.c.service == service).values(**values)
    )
    if not changed.rowcount:
        await uow.insert_ignoring_duplicates(backbone_health, {**values, "service": service})


async def readings(uow: UnitOfWork) -> dict[str, HealthRow]:
    rows = (await uow.execute(select(backbone_health))).all()
    return {r.service: HealthRow(
        r.service, bool(r.reachable), bool(r.ready), r.database, r.broker, r.outbox_backlog,
        r.consumer_partitions, r.consumer_lag, r.dead_letters, r.error, r.read_at,
    ) for r in rows}
