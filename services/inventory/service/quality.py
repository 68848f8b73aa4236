"""Quality alerts: support's return trends of damaged goods (packaging) and wrong items
(picking) become alerts for the warehouse team, at most one unresolved per (kind, SKU)."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from services.inventory.domain import quality as rules
from services.inventory.repository import quality
from services.inventory.repository.quality import QualityAlert
from shared.errors import Conflict, NotFound
from shared.events.payloads.support import ReturnTrendDetected
from shared.uow import UnitOfWork

log = logging.getLogger(__name__)


async def take_trend(
    uow: UnitOfWork, trend: ReturnTrendDetected, detected_at: datetime
) -> QualityAlert | None:
    """Open an alert for the trend, or refresh the unresolved one of its kind and SKU; a trend
    that is not inventory's (`not_as_described`) is left to the content team."""
    kind = rules.alert_kind(trend.reason)
    if kind is None:
        log.info("return trend of %s on %s is not inventory's; ignored", trend.reason, trend.sku)
        return None
    now = datetime.now(UTC)
    existing = await quality.lock_unresolved(uow, kind, trend.sku)
    if existing is None:
        alert = QualityAlert(str(uuid.uuid4()), kind, trend.sku, "open", trend.reason,
                             trend.line_count, trend.window_days, 1, trend.sample_comments, None,
                             detected_at, detected_at, now)
        if await quality.insert(uow, alert):
            return alert
        existing = await quality.lock_unresolved(uow, kind, trend.sku)
        if existing is None:
            raise Conflict(f"The {kind} alert of {trend.sku} changed meanwhile; retry.")
    await quality.change(uow, existing.id, line_count=trend.line_count, window_days=trend.window_days,
                         sample_comments=trend.sample_comments, trend_count=existing.trend_count + 1,
                         last_trend_at=max(existing.last_trend_at, detected_at), updated_at=now)
    return await get(uow, existing.id)


async def get(uow: UnitOfWork, alert_id: str) -> QualityAlert:
    found = await quality.get(uow, alert_id)
    if found is None:
        raise NotFound(f"No quality alert {alert_id}.")
    return found


async def page(
    uow: UnitOfWork, status: str | None, kind: str | None, after: tuple[datetime, str] | None, limit: int
) -> list[QualityAlert]:
    return await quality.page(uow, status, kind, after, limit)


async def change_status(uow: UnitOfWork, alert_id: str, status: str, note: str | None) -> QualityAlert:
    """Move an alert on (a resolved one is closed for good: 409); a note given replaces the old."""
    found = await quality.get(uow, alert_id, lock=True)
    if found is None:
        raise NotFound(f"No quality alert {alert_id}.")
    new_status = rules.change_status(found.status, status)
    await quality.change(uow, alert_id, status=new_status, note=note if note is not None else found.note,
                         updated_at=datetime.now(UTC))
    return await get(uow, alert_id)
