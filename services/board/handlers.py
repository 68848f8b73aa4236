"""Event handlers of the board; `handlers(settings)` at the bottom lists what it consumes: every
type of the catalog, each written to the activity feed, most also to a page's read model."""

from __future__ import annotations

from services.board.service import projection
from services.board.settings import Settings
from shared.events import CATALOG, Envelope
from shared.inbox import Handler, HandlerTable
from shared.uow import UnitOfWork


async def on_any_event(event: Envelope, uow: UnitOfWork) -> None:
    await projection.record_in_feed(event, uow)


async def on_launch_requested(event: Envelope, uow: UnitOfWork) -> None:
    await projection.launch_requested(event, uow)


async def on_readiness_changed(event: Envelope, uow: UnitOfWork) -> None:
    await projection.readiness_changed(event, uow)


async def on_launched(event: Envelope, uow: UnitOfWork) -> None:
    await projection.launched(event, uow)


async def on_paused(event: Envelope, uow: UnitOfWork) -> None:
    await projection.paused(event, uow)


async def on_resumed(event: Envelope, uow: UnitOfWork) -> None:
    await projection.resumed(event, uow)


async def on_at_risk(event: Envelope, uow: UnitOfWork) -> None:
    await projection.at_risk(event, uow)


async def on_risk_cleared(event: Envelope, uow: UnitOfWork) -> None:
    await projection.risk_cleared(event, uow)


async def on_ended(event: Envelope, uow: UnitOfWork) -> None:
    await projection.ended(event, uow)


async def on_cancelled(event: Envelope, uow: UnitOfWork) -> None:
    await projection.cancelled(event, uow)


async def on_inventory_check(event: Envelope, uow: UnitOfWork) -> None:
    await projection.inventory_check(event, uow)


async def on_content_check(event: Envelope, uow: UnitOfWork) -> None:
    await projection.content_check(event, uow)


async def on_stock_changed(event: Envelope, uow: UnitOfWork) -> None:
    await projection.stock_changed(event, uow)


async def on_stock_low(event: Envelope, uow: UnitOfWork) -> None:
    await projection.stock_low(event, uow)


async def on_stock_depleted(event: Envelope, uow: UnitOfWork) -> None:
    await projection.stock_depleted(event, uow)


async def on_stock_replenished(event: Envelope, uow: UnitOfWork) -> None:
    await projection.stock_replenished(event, uow)


async def on_return_processed(event: Envelope, uow: UnitOfWork) -> None:
    await projection.return_processed(event, uow)


async def on_return_requested(event: Envelope, uow: UnitOfWork) -> None:
    await projection.return_requested(event, uow)


async def on_return_inspected(event: Envelope, uow: UnitOfWork) -> None:
    await projection.return_inspected(event, uow)


async def on_advisory_published(event: Envelope, uow: UnitOfWork) -> None:
    await projection.advisory_published(event, uow)


async def on_feedback_trend(event: Envelope, uow: UnitOfWork) -> None:
    await projection.feedback_trend(event, uow)


async def on_page_broken(event: Envelope, uow: UnitOfWork) -> None:
    await projection.page_broken(event, uow)


async def on_page_restored(event: Envelope, uow: UnitOfWork) -> None:
    await projection.page_restored(event, uow)


async def on_scheduled(event: Envelope, uow: UnitOfWork) -> None:
    await projection.scheduled(event, uow)


async def on_return_refused(event: Envelope, uow: UnitOfWork) -> None:
    await projection.return_refused(event, uow)


async def on_warehouse_changed(event: Envelope, uow: UnitOfWork) -> None:
    await projection.warehouse_changed(event, uow)


async def on_fulfilment_status_changed(event: Envelope, uow: UnitOfWork) -> None:
    await projection.fulfilment_status_changed(event, uow)


async def on_fulfilment_delayed(event: Envelope, uow: UnitOfWork) -> None:
    await projection.fulfilment_delayed(event, uow)


async def on_fulfilment_delay_cleared(event: Envelope, uow: UnitOfWork) -> None:
    await projection.fulfilment_delay_cleared(event, uow)


async def on_return_trend(event: Envelope, uow: UnitOfWork) -> None:
    await projection.return_trend(event, uow)


PROJECTIONS: dict[str, list[Handler]] = {
    "marketing.campaign.launch_requested.v1": [on_launch_requested],
    "marketing.campaign.readiness_changed.v1": [on_readiness_changed],
    "marketing.campaign.scheduled.v1": [on_scheduled],
    "marketing.campaign.launched.v1": [on_launched],
    "marketing.campaign.paused.v1": [on_paused],
    "marketing.campaign.resumed.v1": [on_resumed],
    "marketing.campaign.at_risk.v1": [on_at_risk],
    "marketing.campaign.risk_cleared.v1": [on_risk_cleared],
    "marketing.campaign.ended.v1": [on_ended],
    "marketing.campaign.cancelled.v1": [on_cancelled],
    "inventory.stock.changed.v1": [on_stock_changed],
    "inventory.stock.low.v1": [on_stock_low],
    "inventory.stock.depleted.v1": [on_stock_depleted],
    "inventory.stock.replenished.v1": [on_stock_replenished],
    "inventory.campaign_check.completed.v1": [on_inventory_check],
    "inventory.return.processed.v1": [on_return_processed],
    "inventory.return.refused.v1": [on_return_refused],
    "inventory.warehouse.changed.v1": [on_warehouse_changed],
    "inventory.fulfilment.status_changed.v1": [on_fulfilment_status_changed],
    "inventory.fulfilment.delayed.v1": [on_fulfilment_delayed],
    "inventory.fulfilment.delay_cleared.v1": [on_fulfilment_delay_cleared],
    "support.return.requested.v1": [on_return_requested],
    "support.return.inspected.v1": [on_return_inspected],
    "support.advisory.published.v1": [on_advisory_published],
    "support.feedback.trend_detected.v1": [on_feedback_trend],
    "support.return.trend_detected.v1": [on_return_trend],
    "content.page.broken.v1": [on_page_broken],
    "content.page.restored.v1": [on_page_restored],
    "content.campaign_check.completed.v1": [on_content_check],
}


def handlers(settings: Settings) -> HandlerTable:
    """Every catalog type: the feed line first, then the projection of the pages that show it."""
    return {event_type: [on_any_event, *PROJECTIONS.get(event_type, [])] for event_type in CATALOG}
