"""Event handlers of the marketing service; HANDLERS at the bottom lists its subscriptions."""

from __future__ import annotations

from datetime import UTC, datetime

from services.marketing import domain, guard, projections, readiness, repository
from services.marketing.domain import ACTIVE
from shared.events import Envelope
from shared.events.payloads import content, inventory, support
from shared.inbox import HandlerTable
from shared.uow import UnitOfWork


async def on_inventory_check(event: Envelope, uow: UnitOfWork) -> None:
    check = event.payload(inventory.CampaignCheckCompleted)
    await readiness.record_check(uow, "inventory", event, check.campaign_id, check.request_id, check.overall)


async def on_content_check(event: Envelope, uow: UnitOfWork) -> None:
    check = event.payload(content.CampaignCheckCompleted)
    await readiness.record_check(uow, "content", event, check.campaign_id, check.request_id, check.overall)


async def on_stock_depleted(event: Envelope, uow: UnitOfWork) -> None:
    sku = event.payload(inventory.StockDepleted).sku
    await projections.mark_depleted(uow, sku)
    for campaign_id in await repository.campaigns_with_sku(uow, sku, ACTIVE):
        await guard.raise_risk(
            uow, campaign_id, domain.depletion_risk(sku), event, "stock_depleted", "inventory",
            f"Inventory reports {sku} sold out.",
        )


async def on_stock_low(event: Envelope, uow: UnitOfWork) -> None:
    low = event.payload(inventory.StockLow)
    for campaign_id in await repository.campaigns_with_sku(uow, low.sku, ACTIVE):
        await guard.note_signal(
            uow, campaign_id, event, "stock_low", "inventory",
            f"Inventory reports {low.sku} running low: {low.total_available} units left "
            f"(threshold {low.threshold}).",
        )


async def on_stock_replenished(event: Envelope, uow: UnitOfWork) -> None:
    stock = event.payload(inventory.StockReplenished)
    await projections.mark_replenished(uow, stock.sku)
    for campaign_id in await repository.campaigns_with_sku(uow, stock.sku, ACTIVE):
        await guard.clear_risk(
            uow, campaign_id, domain.SKU_DEPLETED, stock.sku, event, "stock_replenished", "inventory",
            f"Inventory reports {stock.sku} replenished: {stock.total_available} units available "
            f"(above its low-stock threshold of {stock.threshold}).",
        )


async def on_page_broken(event: Envelope, uow: UnitOfWork) -> None:
    page = event.payload(content.PageBroken)
    risk = domain.broken_page_risk(page.url, page.kind, page.sku, page.issues)
    await projections.mark_page_broken(uow, page.url, page.kind, page.sku, page.issues)
    for campaign_id in await repository.campaigns_for_page(uow, page.url, page.kind, page.sku, ACTIVE):
        await guard.raise_risk(
            uow, campaign_id, risk, event, "page_broken", "content", f"Content reports: {risk.reason}.",
        )


async def on_page_restored(event: Envelope, uow: UnitOfWork) -> None:
    page = event.payload(content.PageRestored)
    await projections.mark_page_restored(uow, page.url)
    for campaign_id in await repository.campaigns_for_page(uow, page.url, page.kind, page.sku, ACTIVE):
        await guard.clear_risk(
            uow, campaign_id, domain.PAGE_BROKEN, page.url, event, "page_restored", "content",
            f"Content reports {domain.describe_page(page.url, page.kind, page.sku)} works again.",
        )


async def on_advisory_published(event: Envelope, uow: UnitOfWork) -> None:
    advisory = event.payload(support.AdvisoryPublished)
    if advisory.campaign_id is None:
        return
    campaign = await repository.load_campaign(uow, advisory.campaign_id, lock=True)
    if campaign is None:
        return
    await repository.save_advisory(uow, {
        "advisory_id": advisory.advisory_id, "campaign_id": campaign.id, "kind": advisory.kind,
        "severity": advisory.severity, "title": advisory.title, "received_at": datetime.now(UTC),
    })
    await guard.note_signal(
        uow, campaign.id, event, "advisory", "support",
        f"Support published an advisory ({advisory.severity}): {advisory.title}",
    )


HANDLERS: HandlerTable = {
    "inventory.campaign_check.completed.v1": [on_inventory_check],
    "content.campaign_check.completed.v1": [on_content_check],
    "inventory.stock.depleted.v1": [on_stock_depleted],
    "inventory.stock.low.v1": [on_stock_low],
    "inventory.stock.replenished.v1": [on_stock_replenished],
    "content.page.broken.v1": [on_page_broken],
    "content.page.restored.v1": [on_page_restored],
    "support.advisory.published.v1": [on_advisory_published],
}
