"""Event handlers of the content service; the handler table at the bottom lists its subscriptions."""

from __future__ import annotations

from collections.abc import Sequence

from services.content.service import campaign_checks, tasks
from services.content.settings import Settings
from shared.events import Envelope
from shared.events.payloads.inventory import StockChanged, StockDepleted, StockReplenished
from shared.events.payloads.marketing import EndedOrCancelled, LaunchRequested
from shared.events.payloads.support import ReturnTrendDetected, TrendDetected
from shared.inbox import Batched, HandlerTable
from shared.uow import UnitOfWork


async def on_launch_requested(event: Envelope, uow: UnitOfWork) -> None:
    await campaign_checks.request_campaign_check(uow, event.id, event.payload(LaunchRequested), event.time)


async def on_campaign_ended(event: Envelope, uow: UnitOfWork) -> None:
    await tasks.retire_campaign_page(uow, event.payload(EndedOrCancelled))


async def on_stock_changed(event: Envelope, uow: UnitOfWork) -> None:
    await tasks.learn_sku(uow, event.payload(StockChanged).sku)


async def on_stock_changes(events: Sequence[Envelope], uow: UnitOfWork) -> None:
    await tasks.learn_skus(uow, [event.payload(StockChanged).sku for event in events])


async def on_stock_depleted(event: Envelope, uow: UnitOfWork) -> None:
    await tasks.stock_depleted(uow, event.payload(StockDepleted).sku, event.time)


async def on_stock_replenished(event: Envelope, uow: UnitOfWork) -> None:
    await tasks.stock_replenished(uow, event.payload(StockReplenished).sku)


async def on_trend_detected(event: Envelope, uow: UnitOfWork) -> None:
    await tasks.answer_recurring_question(uow, event.payload(TrendDetected))


async def on_return_trend_detected(event: Envelope, uow: UnitOfWork) -> None:
    await tasks.take_return_trend(uow, event.payload(ReturnTrendDetected))


def handlers(settings: Settings) -> HandlerTable:
    """Every event type the content service consumes, and what it does with it."""
    return {
        "marketing.campaign.launch_requested.v1": [on_launch_requested],
        "marketing.campaign.ended.v1": [on_campaign_ended],
        "inventory.stock.changed.v1": [Batched(on_stock_changed, on_stock_changes)],
        "inventory.stock.depleted.v1": [on_stock_depleted],
        "inventory.stock.replenished.v1": [on_stock_replenished],
        "support.feedback.trend_detected.v1": [on_trend_detected],
        "support.return.trend_detected.v1": [on_return_trend_detected],
    }
