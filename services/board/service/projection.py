"""Applying the four topics' events to the board's read model."""

from __future__ import annotations

from datetime import UTC, datetime

from services.board import domain
from services.board.repository import campaigns, feed, signals
from shared.events import Envelope
from shared.events.payloads import content, inventory, marketing, support
from shared.uow import UnitOfWork

LIVE_SIGNAL = "board"


def _now() -> datetime:
    return datetime.now(UTC)


async def record_in_feed(event: Envelope, uow: UnitOfWork) -> None:
    """Every event, of every type, becomes one line of the activity feed."""
    campaign_id, sku = domain.feed_links(event.data)
    if event.type.startswith("marketing.campaign.") or ".campaign_check." in event.type:
        campaign_id = campaign_id or event.subject
    await feed.add(uow, {
        "event_id": event.id, "event_type": event.type, "source": event.source[:200],
        "subject": event.subject, "occurred_at": event.time, "correlation_id": event.correlationid,
        "summary": domain.feed_summary(event.type, event.data), "campaign_id": campaign_id, "sku": sku,
    })
    uow.signal_after_commit(LIVE_SIGNAL)


async def launch_requested(event: Envelope, uow: UnitOfWork) -> None:
    request = event.payload(marketing.LaunchRequested)
    await campaigns.upsert(uow, request.campaign_id, {
        "name": request.name, "channels": request.channels, "starts_at": request.starts_at,
        "ends_at": request.ends_at, "landing_url": request.landing_url,
        "items": [item.model_dump(mode="json") for item in request.items], "request_id": request.request_id,
        "status": "checking", "readiness": "checking", "reasons": [],
    }, _now())


async def readiness_changed(event: Envelope, uow: UnitOfWork) -> None:
    change = event.payload(marketing.ReadinessChanged)
    current = await campaigns.get(uow, change.campaign_id)
    if current is not None and current.request_id not in (None, change.request_id):
        return  # a verdict on an older launch request
    status = domain.status_after_readiness(current.status if current else "unknown", change.readiness)
    await campaigns.upsert(uow, change.campaign_id, {
        "readiness": change.readiness, "reasons": change.reasons, "request_id": change.request_id,
        "status": status,
    }, _now())


async def launched(event: Envelope, uow: UnitOfWork) -> None:
    live = event.payload(marketing.Launched)
    values = {"name": live.name, "starts_at": live.starts_at, "ends_at": live.ends_at,
              "landing_url": live.landing_url, "status": "live", "forced": live.forced}
    current = await campaigns.get(uow, live.campaign_id)
    if current is None or not current.items:
        values["items"] = [{"sku": sku} for sku in live.skus]
    await campaigns.upsert(uow, live.campaign_id, values, _now())


async def paused(event: Envelope, uow: UnitOfWork) -> None:
    await campaigns.upsert(uow, event.payload(marketing.PausedOrResumed).campaign_id, {"status": "paused"},
                           _now())


async def resumed(event: Envelope, uow: UnitOfWork) -> None:
    await campaigns.upsert(uow, event.payload(marketing.PausedOrResumed).campaign_id, {"status": "live"},
                           _now())


async def at_risk(event: Envelope, uow: UnitOfWork) -> None:
    risk = event.payload(marketing.AtRisk)
    await campaigns.upsert(uow, risk.campaign_id, {"readiness": "at_risk", "reasons": risk.reasons}, _now())


async def risk_cleared(event: Envelope, uow: UnitOfWork) -> None:
    cleared = event.payload(marketing.RiskCleared)
    await campaigns.upsert(uow, cleared.campaign_id, {
        "readiness": domain.readiness_after_risk_cleared(cleared.reasons), "reasons": cleared.reasons,
    }, _now())


async def ended(event: Envelope, uow: UnitOfWork) -> None:
    await campaigns.upsert(uow, event.payload(marketing.EndedOrCancelled).campaign_id, {"status": "ended"},
                           _now())


async def cancelled(event: Envelope, uow: UnitOfWork) -> None:
    await campaigns.upsert(uow, event.payload(marketing.EndedOrCancelled).campaign_id,
                           {"status": "cancelled"}, _now())


async def inventory_check(event: Envelope, uow: UnitOfWork) -> None:
    check = event.payload(inventory.CampaignCheckCompleted)
    await campaigns.record_check(uow, check.campaign_id, "inventory", {
        "request_id": check.request_id, "overall": check.overall, "checked_at": event.time,
        "result": {"items": [item.model_dump(mode="json") for item in check.items]},
    })


async def content_check(event: Envelope, uow: UnitOfWork) -> None:
    check = event.payload(content.CampaignCheckCompleted)
    await campaigns.record_check(uow, check.campaign_id, "content", {
        "request_id": check.request_id, "overall": check.overall, "checked_at": event.time,
        "result": {"pages": [page.model_dump(mode="json") for page in check.pages],
                   "missing_product_pages": check.missing_product_pages},
    })


async def stock_changed(event: Envelope, uow: UnitOfWork) -> None:
    change = event.payload(inventory.StockChanged)
    await signals.add_stock_point(uow, change.sku, change.warehouse, change.total_available, event.time)
    state = await signals.stock_state(uow, change.sku)
    values = {"total_available": change.total_available, "updated_at": event.time}
    await signals.set_stock(uow, change.sku, {**values, "state": state or "ok"})


async def stock_low(event: Envelope, uow: UnitOfWork) -> None:
    low = event.payload(inventory.StockLow)
    await signals.set_stock(uow, low.sku, {"state": "low", "total_available": low.total_available,
                                           "threshold": low.threshold, "updated_at": event.time})


async def stock_depleted(event: Envelope, uow: UnitOfWork) -> None:
    sku = event.payload(inventory.StockDepleted).sku
    await signals.set_stock(uow, sku, {"state": "depleted", "total_available": 0, "updated_at": event.time})


async def stock_replenished(event: Envelope, uow: UnitOfWork) -> None:
    stock = event.payload(inventory.StockReplenished)
    await signals.set_stock(uow, stock.sku, {"state": "ok", "total_available": stock.total_available,
                                             "threshold": stock.threshold, "updated_at": event.time})
    await signals.end_advisories(uow, "stock_risk", stock.sku, event.time)  # as support ends it


async def return_processed(event: Envelope, uow: UnitOfWork) -> None:
    done = event.payload(inventory.ReturnProcessed)
    await signals.set_return(uow, done.return_id, {
        "status": "processed", "warehouse": done.warehouse, "reasons": [], "updated_at": event.time,
        "lines": [line.model_dump(mode="json") for line in done.lines],
    })


async def return_requested(event: Envelope, uow: UnitOfWork) -> None:
    asked = event.payload(support.ReturnRequested)
    await signals.set_return(uow, asked.return_id, {
        "order_ref": asked.order_ref, "status": "requested", "reasons": [], "updated_at": event.time,
        "lines": [line.model_dump(mode="json") for line in asked.lines],
    })


async def return_inspected(event: Envelope, uow: UnitOfWork) -> None:
    inspected = event.payload(support.ReturnInspected)
    await signals.set_return(uow, inspected.return_id, {
        "status": "inspected", "warehouse": inspected.warehouse, "reasons": [], "updated_at": event.time,
        "lines": [line.model_dump(mode="json") for line in inspected.lines],
    })


async def advisory_published(event: Envelope, uow: UnitOfWork) -> None:
    advisory = event.payload(support.AdvisoryPublished)
    await signals.set_advisory(uow, advisory.advisory_id, {
        "kind": advisory.kind, "severity": advisory.severity, "title": advisory.title[:500],
        "campaign_id": advisory.campaign_id, "skus": advisory.skus, "published_at": event.time,
        "valid_until": advisory.valid_until,
    })


async def feedback_trend(event: Envelope, uow: UnitOfWork) -> None:
    trend = event.payload(support.TrendDetected)
    await signals.add_trend(uow, {
        "kind": "feedback", "topic": trend.topic[:200], "sku": trend.sku, "url": trend.url,
        "occurrences": trend.ticket_count, "window_days": trend.window_days,
        "samples": trend.sample_subjects[:5], "detected_at": event.time,
    })


async def page_broken(event: Envelope, uow: UnitOfWork) -> None:
    page = event.payload(content.PageBroken)
    await signals.set_page(uow, page.page_id, {"url": page.url, "kind": page.kind, "sku": page.sku,
                                               "broken": True, "issues": page.issues,
                                               "updated_at": event.time})


async def page_restored(event: Envelope, uow: UnitOfWork) -> None:
    page = event.payload(content.PageRestored)
    await signals.set_page(uow, page.page_id, {"url": page.url, "kind": page.kind, "sku": page.sku,
                                               "broken": False, "issues": [], "updated_at": event.time})
    if page.sku:
        await signals.end_advisories(uow, "content_issue", page.sku, event.time)  # as support ends it


async def scheduled(event: Envelope, uow: UnitOfWork) -> None:
    approved = event.payload(marketing.Scheduled)
    values = {"name": approved.name, "starts_at": approved.starts_at, "ends_at": approved.ends_at,
              "status": "scheduled", "forced": approved.forced}
    current = await campaigns.get(uow, approved.campaign_id)
    if current is None or not current.items:
        values["items"] = [{"sku": sku} for sku in approved.skus]
    await campaigns.upsert(uow, approved.campaign_id, values, _now())


async def return_refused(event: Envelope, uow: UnitOfWork) -> None:
    refused = event.payload(inventory.ReturnRefused)
    await signals.set_return(uow, refused.return_id, {
        "status": "refused", "reasons": refused.reasons, "updated_at": event.time, "lines": [],
    })


async def warehouse_changed(event: Envelope, uow: UnitOfWork) -> None:
    warehouse = event.payload(inventory.WarehouseChanged)
    await signals.set_warehouse(uow, warehouse.code, {"name": warehouse.name, "country": warehouse.country})


async def fulfilment_status_changed(event: Envelope, uow: UnitOfWork) -> None:
    change = event.payload(inventory.FulfilmentStatusChanged)
    done = change.status in ("delivered", "cancelled")
    await signals.set_fulfilment(uow, change.fulfilment_id, {
        "order_ref": change.order_ref, "warehouse": change.warehouse, "status": change.status,
        "carrier": change.carrier, "tracking_url": change.tracking_url, "updated_at": event.time,
        "delayed": False if done else None, "delay_reasons": [] if done else None,
    })


async def fulfilment_delayed(event: Envelope, uow: UnitOfWork) -> None:
    delay = event.payload(inventory.FulfilmentDelayed)
    reasons, since = await signals.delay_of(uow, delay.fulfilment_id)
    await signals.set_fulfilment(uow, delay.fulfilment_id, {
        "order_ref": delay.order_ref, "warehouse": delay.warehouse, "carrier": delay.carrier,
        "delayed": True, "delay_reasons": sorted({*reasons, delay.reason}),
        "delayed_since": min(since, delay.since) if since and reasons else delay.since,
        "updated_at": event.time,
    })


async def fulfilment_delay_cleared(event: Envelope, uow: UnitOfWork) -> None:
    """Each delay reason clears on its own; the order stays delayed while another one is open."""
    cleared = event.payload(inventory.FulfilmentDelayCleared)
    reasons, _ = await signals.delay_of(uow, cleared.fulfilment_id)
    remaining = [reason for reason in reasons if reason != cleared.reason]
    await signals.set_fulfilment(uow, cleared.fulfilment_id, {
        "order_ref": cleared.order_ref, "delayed": bool(remaining), "delay_reasons": remaining,
        "updated_at": event.time,
    })


async def return_trend(event: Envelope, uow: UnitOfWork) -> None:
    trend = event.payload(support.ReturnTrendDetected)
    await signals.add_trend(uow, {
        "kind": "return", "topic": trend.reason.replace("_", " "), "sku": trend.sku, "url": None,
        "occurrences": trend.line_count, "window_days": trend.window_days,
        "samples": trend.sample_comments[:5], "detected_at": event.time,
    })
