"""Event handlers of the support service; `handlers(settings)` at the bottom lists its subscriptions."""

from __future__ import annotations

from services.support.service import campaigns, catalog, orders, return_trends, returns, signals
from services.support.service.delay_clusters import ClusterRules
from services.support.settings import Settings
from shared.events import Envelope
from shared.events.payloads import content, inventory, marketing
from shared.inbox import HandlerTable
from shared.uow import UnitOfWork


async def on_campaign_live(event: Envelope, uow: UnitOfWork) -> None:
    await signals.campaign_live(uow, str(event.data["campaign_id"]))


async def on_stock_depleted(event: Envelope, uow: UnitOfWork) -> None:
    await signals.stock_depleted(uow, event.payload(inventory.StockDepleted))


async def on_stock_replenished(event: Envelope, uow: UnitOfWork) -> None:
    await signals.stock_replenished(uow, event.payload(inventory.StockReplenished))


async def on_page_broken(event: Envelope, uow: UnitOfWork) -> None:
    await signals.page_broken(uow, event.payload(content.PageBroken))


async def on_page_restored(event: Envelope, uow: UnitOfWork) -> None:
    await signals.page_restored(uow, event.payload(content.PageRestored))


async def on_fulfilment_status_changed(event: Envelope, uow: UnitOfWork) -> None:
    await orders.fulfilment_status_changed(uow, event.payload(inventory.FulfilmentStatusChanged))


async def on_return_processed(event: Envelope, uow: UnitOfWork) -> None:
    processed = event.payload(inventory.ReturnProcessed)
    await catalog.learn(uow, [line.sku for line in processed.lines], [processed.warehouse])
    await returns.close_processed_return(uow, processed)


async def on_return_refused(event: Envelope, uow: UnitOfWork) -> None:
    await returns.flag_refused_return(uow, event.payload(inventory.ReturnRefused))


async def on_warehouse_changed(event: Envelope, uow: UnitOfWork) -> None:
    warehouse = event.payload(inventory.WarehouseChanged)
    await catalog.learn_warehouse(uow, warehouse.code, warehouse.name, warehouse.country)


async def on_stock_changed(event: Envelope, uow: UnitOfWork) -> None:
    changed = event.payload(inventory.StockChanged)
    await catalog.learn(uow, [changed.sku], [changed.warehouse])


async def on_sku_named(event: Envelope, uow: UnitOfWork) -> None:
    """Low, depleted and replenished stock name a SKU inventory has."""
    await catalog.learn(uow, [str(event.data["sku"])])


def handlers(settings: Settings) -> HandlerTable:
    """The subscription table; campaign advisories need the contact rate of the settings, delay
    clusters their threshold and rate, return trends their threshold and window."""
    rate = settings.contact_rate
    cluster_rules = ClusterRules(settings.delay_cluster_threshold, settings.wismo_contact_rate)

    async def on_launch_requested(event: Envelope, uow: UnitOfWork) -> None:
        await campaigns.launch_requested(uow, event.payload(marketing.LaunchRequested), rate)

    async def on_readiness_changed(event: Envelope, uow: UnitOfWork) -> None:
        await campaigns.readiness_changed(uow, event.payload(marketing.ReadinessChanged), rate)

    async def on_launched(event: Envelope, uow: UnitOfWork) -> None:
        await campaigns.launched(uow, event.payload(marketing.Launched), rate)

    async def on_status_changed(event: Envelope, uow: UnitOfWork) -> None:
        await campaigns.status_changed(uow, event.type, str(event.data["campaign_id"]), rate)

    async def on_at_risk(event: Envelope, uow: UnitOfWork) -> None:
        await campaigns.live_risks_changed(uow, event.payload(marketing.AtRisk), rate)

    async def on_risk_cleared(event: Envelope, uow: UnitOfWork) -> None:
        await campaigns.live_risks_changed(uow, event.payload(marketing.RiskCleared), rate)

    async def on_inventory_check(event: Envelope, uow: UnitOfWork) -> None:
        await campaigns.inventory_checked(uow, event.payload(inventory.CampaignCheckCompleted), rate)

    async def on_content_check(event: Envelope, uow: UnitOfWork) -> None:
        await campaigns.content_checked(uow, event.payload(content.CampaignCheckCompleted), rate)

    async def on_fulfilment_delayed(event: Envelope, uow: UnitOfWork) -> None:
        await orders.fulfilment_delayed(uow, event.payload(inventory.FulfilmentDelayed), cluster_rules)

    async def on_delay_cleared(event: Envelope, uow: UnitOfWork) -> None:
        await orders.delay_cleared(uow, event.payload(inventory.FulfilmentDelayCleared), cluster_rules)

    async def on_shipment_changed(event: Envelope, uow: UnitOfWork) -> None:
        shipment = event.payload(inventory.FulfilmentStatusChanged)
        await catalog.learn(uow, [line.sku for line in shipment.lines], [shipment.warehouse])
        await return_trends.shipment_changed(uow, settings, shipment)

    return {
        "marketing.campaign.launch_requested.v1": [on_launch_requested],
        "marketing.campaign.readiness_changed.v1": [on_readiness_changed],
        "marketing.campaign.launched.v1": [on_launched, on_campaign_live],
        "marketing.campaign.paused.v1": [on_status_changed],
        "marketing.campaign.resumed.v1": [on_status_changed, on_campaign_live],
        "marketing.campaign.at_risk.v1": [on_at_risk],
        "marketing.campaign.risk_cleared.v1": [on_risk_cleared],
        "marketing.campaign.ended.v1": [on_status_changed],
        "marketing.campaign.cancelled.v1": [on_status_changed],
        "inventory.campaign_check.completed.v1": [on_inventory_check],
        "content.campaign_check.completed.v1": [on_content_check],
        "inventory.stock.depleted.v1": [on_sku_named, on_stock_depleted],
        "inventory.stock.replenished.v1": [on_sku_named, on_stock_replenished],
        "inventory.stock.low.v1": [on_sku_named],
        "inventory.stock.changed.v1": [on_stock_changed],
        "inventory.warehouse.changed.v1": [on_warehouse_changed],
        "content.page.broken.v1": [on_page_broken],
        "content.page.restored.v1": [on_page_restored],
        "inventory.return.processed.v1": [on_return_processed],
        "inventory.return.refused.v1": [on_return_refused],
        "inventory.fulfilment.status_changed.v1": [on_fulfilment_status_changed, on_shipment_changed],
        "inventory.fulfilment.delayed.v1": [on_fulfilment_delayed],
        "inventory.fulfilment.delay_cleared.v1": [on_delay_cleared],
    }
