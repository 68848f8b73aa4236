"""Event handlers of the content service; the handler table at the bottom lists its subscriptions."""

from __future__ import annotations

from sqlalchemy import delete

from services.content import domain, repository
from services.content.campaign_check import campaign_checker
from services.content.crawler.crawl import CrawlerConfig
from services.content.tables import out_of_stock
from shared.events import Envelope
from shared.events.payloads.inventory import StockChanged, StockDepleted, StockReplenished
from shared.events.payloads.marketing import EndedOrCancelled
from shared.events.payloads.support import TrendDetected
from shared.inbox import HandlerTable
from shared.uow import UnitOfWork


async def on_campaign_ended(event: Envelope, uow: UnitOfWork) -> None:
    ended = event.payload(EndedOrCancelled)
    if ended.landing_url is None or not domain.is_storable_url(ended.landing_url):
        return
    page = await repository.page_by_url(uow, ended.landing_url)
    await repository.open_task(
        uow, "retire_campaign_page", page_id=page.id if page else None, url=ended.landing_url,
        details={"campaign_id": ended.campaign_id, "url": ended.landing_url},
    )


async def on_stock_changed(event: Envelope, uow: UnitOfWork) -> None:
    sku = event.payload(StockChanged).sku
    if domain.is_valid_sku(sku):
        await repository.learn_sku(uow, sku)


async def on_stock_depleted(event: Envelope, uow: UnitOfWork) -> None:
    sku = event.payload(StockDepleted).sku
    if not domain.is_valid_sku(sku):
        return
    await repository.learn_sku(uow, sku)
    await uow.insert_ignoring_duplicates(out_of_stock, {"sku": sku, "since": event.time})
    pages = await repository.product_pages(uow, [sku])
    await repository.open_task(uow, "out_of_stock_messaging", sku=sku, details={
        "urls": [page.url for page in pages],
    })


async def on_stock_replenished(event: Envelope, uow: UnitOfWork) -> None:
    sku = event.payload(StockReplenished).sku
    await uow.execute(delete(out_of_stock).where(out_of_stock.c.sku == sku))
    await repository.close_tasks(uow, "out_of_stock_messaging", sku=sku)


async def on_trend_detected(event: Envelope, uow: UnitOfWork) -> None:
    trend = event.payload(TrendDetected)
    sku = trend.sku if domain.is_valid_sku(trend.sku) else None
    url = trend.url if domain.is_storable_url(trend.url) else None
    if not sku and not url:
        return
    page = None
    if url:
        page = await repository.page_by_url(uow, url)
    if page is None and sku:
        found = await repository.product_pages(uow, [sku])
        page = found[0] if found else None
    await repository.open_task(
        uow, "answer_recurring_question", page_id=page.id if page else None, sku=sku,
        url=url, refresh_details=True, details={
            "topic": trend.topic, "ticket_count": trend.ticket_count, "window_days": trend.window_days,
            "sample_questions": trend.sample_subjects[:20], "url": page.url if page else url,
        },
    )


def handler_table(config: CrawlerConfig) -> HandlerTable:
    """Every event type the content service consumes, and what it does with it."""
    return {
        "marketing.campaign.launch_requested.v1": [campaign_checker(config)],
        "marketing.campaign.ended.v1": [on_campaign_ended],
        "inventory.stock.changed.v1": [on_stock_changed],
        "inventory.stock.depleted.v1": [on_stock_depleted],
        "inventory.stock.replenished.v1": [on_stock_replenished],
        "support.feedback.trend_detected.v1": [on_trend_detected],
    }
