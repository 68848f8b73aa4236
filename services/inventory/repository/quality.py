"""Quality alerts raised by support's return trends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.engine import Row

from services.inventory.tables import quality_alerts
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class QualityAlert:
    id: str
    kind: str
    sku: str
    status: str
    return_reason: str
    line_count: int
    window_days: int
    trend_count: int
    sample_comments: list[str]
    note: str | None
    first_trend_at: datetime
    last_trend_at: datetime
    updated_at: datetime


def _alert(row: Row[Any]) -> QualityAlert:
    return QualityAlert(row.id, row.kind, row.sku, row.status, row.return_reason, row.line_count,
                        row.window_days, row.trend_count, list(row.sample_comments), row.note,
                        row.first_trend_at, row.last_trend_at, row.updated_at)


async def lock_unresolved(uow: UnitOfWork, kind: str, sku: str) -> QualityAlert | None:
    row = (await uow.execute(select(quality_alerts).where(and_(
        quality_alerts.c.kind == kind, quality_alerts.c.sku == sku,
        quality_alerts.c.status != "resolved")).with_for_update())).first()
    return None if row is None else _alert(row)


async def get(uow: UnitOfWork, alert_id: str, lock: bool = False) -> QualityAlert | None:
    statement = select(quality_alerts).where(quality_alerts.c.id == alert_id)
    row = (await uow.execute(statement.with_for_update() if lock else statement)).first()
    return None if row is None else _alert(row)


async def insert(uow: UnitOfWork, alert: QualityAlert) -> bool:
    """False when an unresolved alert of this kind and SKU appeared meanwhile."""
    return await uow.insert_ignoring_duplicates(quality_alerts, {
        "id": alert.id, "kind": alert.kind, "sku": alert.sku, "status": alert.status,
        "return_reason": alert.return_reason, "line_count": alert.line_count,
        "window_days": alert.window_days, "trend_count": alert.trend_count,
        "sample_comments": alert.sample_comments, "note": alert.note,
        "first_trend_at": alert.first_trend_at, "last_trend_at": alert.last_trend_at,
        "updated_at": alert.updated_at,
    })


async def change(uow: UnitOfWork, alert_id: str, **values: Any) -> None:
    await uow.execute(update(quality_alerts).where(quality_alerts.c.id == alert_id).values(**values))


async def page(
    uow: UnitOfWork, status: str | None, kind: str | None, after: tuple[datetime, str] | None, limit: int
) -> list[QualityAlert]:
    """Alerts newest first by first trend, after the keyset `(first_trend_at, id)`."""
    conditions = []
    if status is not None:
        conditions.append(quality_alerts.c.status == status)
    if kind is not None:
        conditions.append(quality_alerts.c.kind == kind)
    if after is not None:
        first_at, alert_id = after
        conditions.append(or_(quality_alerts.c.first_trend_at < first_at, and_(
            quality_alerts.c.first_trend_at == first_at, quality_alerts.c.id < alert_id)))
    statement = (select(quality_alerts).where(and_(True, *conditions))
                 .order_by(quality_alerts.c.first_trend_at.desc(), quality_alerts.c.id.desc())
                 .limit(limit))
    return [_alert(row) for row in (await uow.execute(statement)).all()]
