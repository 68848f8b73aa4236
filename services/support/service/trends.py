"""Feedback trends: a new ticket may complete a trend for its topic and SKU or page URL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.support import repository
from services.support.domain.tickets import trend_due, trend_key
from services.support.settings import Settings
from shared.events.payloads.support import TrendDetected
from shared.uow import UnitOfWork

TREND_DETECTED = "support.feedback.trend_detected.v1"


async def detect_trends(
    uow: UnitOfWork, settings: Settings, topic: str, sku: str | None, url: str | None
) -> None:
    """Emit `feedback.trend_detected` for each target (SKU, page URL) whose window filled up."""
    targets: list[tuple[str | None, str | None]] = [(sku, None)] if sku is not None else []
    if url is not None:
        targets.append((None, url))
    window = timedelta(days=settings.trend_window_days)
    for target_sku, target_url in targets:
        key = trend_key(topic, target_sku, target_url)
        # The lock serialises tickets of one target, so concurrent tickets cannot emit twice.
        last_window_start = await repository.lock_trend_window(uow, key, topic, target_sku, target_url)
        # The clock is read under the lock: every ticket committed before it counts.
        checked_at = datetime.now(UTC)
        recent = await repository.recent_tickets(uow, topic, target_sku, target_url, checked_at - window)
        times = [t.created_at for t in recent]
        window_start = trend_due(times, last_window_start, checked_at, settings.trend_threshold, window)
        if window_start is None:
            continue
        counted = [t for t in recent if t.created_at >= window_start]
        await repository.mark_trend_emitted(uow, key, window_start, checked_at)
        subject = f"{topic}:{target_sku or target_url}"[:200]
        uow.publish(TREND_DETECTED, subject, TrendDetected(
            topic=topic, sku=target_sku, url=target_url, ticket_count=len(counted),
            window_days=settings.trend_window_days,
            sample_subjects=[t.subject for t in counted[: settings.trend_sample_size]],
        ))
