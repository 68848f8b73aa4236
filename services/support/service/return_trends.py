"""Return trends: a returned line (or goods damaged in transit) may complete a trend for its
SKU and reason, which goes to the team that can fix it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

from services.support.domain.return_trends import (
    TREND_REASONS,
    TrendReason,
    is_transit_damage,
    sample_comments,
)
from services.support.domain.tickets import trend_due
from services.support.repository import return_trends
from services.support.settings import Settings
from shared.events.payloads.inventory import FulfilmentStatusChanged
from shared.events.payloads.support import ReturnTrendDetected
from shared.uow import UnitOfWork

RETURN_TREND_DETECTED = "support.return.trend_detected.v1"


async def detect(uow: UnitOfWork, settings: Settings, sku: str, reason: str) -> None:
    """Emit `return.trend_detected` once per window when enough lines of (SKU, reason) arrived."""
    if reason not in TREND_REASONS:
        return
    window = timedelta(days=settings.trend_window_days)
    # The lock serialises the lines of one (SKU, reason), so concurrent returns cannot emit twice.
    last_window_start = await return_trends.lock_window(uow, sku, reason)
    checked_at = datetime.now(UTC)
    recent = await return_trends.recent_lines(uow, sku, reason, checked_at - window)
    window_start = trend_due([line.at for line in recent], last_window_start, checked_at,
                             settings.return_trend_threshold, window)
    if window_start is None:
        return
    counted = [line for line in recent if line.at >= window_start]
    await return_trends.mark_emitted(uow, sku, reason, window_start, checked_at)
    uow.publish(RETURN_TREND_DETECTED, f"{reason}:{sku}", ReturnTrendDetected(
        sku=sku, reason=cast(TrendReason, reason), line_count=len(counted),
        window_days=settings.trend_window_days,
        sample_comments=sample_comments(counted, settings.trend_sample_size),
    ))


async def shipment_changed(uow: UnitOfWork, settings: Settings, data: FulfilmentStatusChanged) -> None:
    """Goods the carrier damaged count as damaged lines, once per shipment and SKU."""
    if not is_transit_damage(data.status, data.exception_kind):
        return
    for line in data.lines:
        if await return_trends.record_transit_damage(uow, data.fulfilment_id, line.sku, line.qty,
                                                     data.occurred_at):
            await detect(uow, settings, line.sku, "damaged")
