"""Event handlers of the marketing service; `handlers(settings)` at the bottom lists its subscriptions."""

from __future__ import annotations

from services.marketing import service
from services.marketing.settings import Settings
from shared.events import Envelope
from shared.events.payloads import content, inventory, support
from shared.inbox import HandlerTable
from shared.uow import UnitOfWork


async def on_inventory_check(event: Envelope, uow: UnitOfWork) -> None:
    await service.record_check(uow, "inventory", event, event.payload(inventory.CampaignCheckCompleted))


async def on_content_check(event: Envelope, uow: UnitOfWork) -> None:
    await service.record_check(uow, "content", event, event.payload(content.CampaignCheckCompleted))


async def on_stock_depleted(event: Envelope, uow: UnitOfWork) -> None:
    await service.stock_depleted(uow, event, event.payload(inventory.StockDepleted))


async def on_stock_low(event: Envelope, uow: UnitOfWork) -> None:
    await service.stock_low(uow, event, event.payload(inventory.StockLow))


async def on_stock_replenished(event: Envelope, uow: UnitOfWork) -> None:
    await service.stock_replenished(uow, event, event.payload(inventory.StockReplenished))


async def on_page_broken(event: Envelope, uow: UnitOfWork) -> None:
    await service.page_broken(uow, event, event.payload(content.PageBroken))


async def on_page_restored(event: Envelope, uow: UnitOfWork) -> None:
    await service.page_restored(uow, event, event.payload(content.PageRestored))


async def on_advisory_published(event: Envelope, uow: UnitOfWork) -> None:
    await service.advisory_published(uow, event, event.payload(support.AdvisoryPublished))


def handlers(settings: Settings) -> HandlerTable:
    """The events this service consumes and what handles each (no handler needs a setting yet)."""
    return {
        "inventory.campaign_check.completed.v1": [on_inventory_check],
        "content.campaign_check.completed.v1": [on_content_check],
        "inventory.stock.depleted.v1": [on_stock_depleted],
        "inventory.stock.low.v1": [on_stock_low],
        "inventory.stock.replenished.v1": [on_stock_replenished],
        "content.page.broken.v1": [on_page_broken],
        "content.page.restored.v1": [on_page_restored],
        "support.advisory.published.v1": [on_advisory_published],
    }
