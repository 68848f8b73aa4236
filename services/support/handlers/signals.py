"""Live signals: depleted SKUs of live campaigns and broken product or checkout pages."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select

from services.support.domain.advisories import (
    LiveCampaign,
    content_issue_advisory,
    content_issue_resolved,
    stock_risk_advisory,
    stock_risk_resolved,
)
from services.support.handlers.advisories import end_advisory, save_advisory
from services.support.repository import advisory_by_key, get_campaign, live_campaigns_with, now
from services.support.tables import depleted_skus
from shared.events import Envelope
from shared.events.payloads import content, inventory
from shared.uow import UnitOfWork

log = logging.getLogger(__name__)


def _live(rows: list[dict[str, Any]]) -> list[LiveCampaign]:
    return [LiveCampaign(r["id"], r["name"], r["ends_at"]) for r in rows]


async def on_stock_depleted(event: Envelope, uow: UnitOfWork) -> None:
    data = event.payload(inventory.StockDepleted)
    await uow.insert_ignoring_duplicates(depleted_skus, {"sku": data.sku, "depleted_at": now()})
    await _open_stock_risk(uow, data.sku)


async def on_campaign_live(event: Envelope, uow: UnitOfWork) -> None:
    """A campaign launched or resumed over SKUs that are already sold out is a stock risk now."""
    campaign = await get_campaign(uow, str(event.data["campaign_id"]))
    skus = [item["sku"] for item in campaign["items"]] if campaign else []
    sold_out = (await uow.execute(
        select(depleted_skus.c.sku).where(depleted_skus.c.sku.in_(skus)).order_by(depleted_skus.c.sku)
    )).scalars().all()
    for sku in sold_out:
        await _open_stock_risk(uow, sku)


async def _open_stock_risk(uow: UnitOfWork, sku: str) -> None:
    live = _live(await live_campaigns_with(uow, sku))
    if not live:
        return
    key = f"stock_risk:{sku}"
    existing = await advisory_by_key(uow, key)
    if existing is not None:
        log.info("stock risk for %s is already open", sku)
        return
    moment = now()
    await save_advisory(uow, stock_risk_advisory(sku, live, moment), key, None, moment)


async def on_stock_replenished(event: Envelope, uow: UnitOfWork) -> None:
    data = event.payload(inventory.StockReplenished)
    await uow.execute(depleted_skus.delete().where(depleted_skus.c.sku == data.sku))
    existing = await advisory_by_key(uow, f"stock_risk:{data.sku}")
    if existing is None:
        return
    moment = now()
    summary = stock_risk_resolved(existing["summary"], data.sku, data.total_available, moment)
    await end_advisory(uow, existing, summary, moment)


async def on_page_broken(event: Envelope, uow: UnitOfWork) -> None:
    data = event.payload(content.PageBroken)
    live = _live(await live_campaigns_with(uow, data.sku))
    draft = content_issue_advisory(data.url, data.kind, data.sku, data.issues, live)
    if draft is None:
        return
    key = f"content_issue:{data.page_id}"
    await save_advisory(uow, draft, key, await advisory_by_key(uow, key), now())


async def on_page_restored(event: Envelope, uow: UnitOfWork) -> None:
    data = event.payload(content.PageRestored)
    existing = await advisory_by_key(uow, f"content_issue:{data.page_id}")
    if existing is None:
        return
    moment = now()
    await end_advisory(uow, existing, content_issue_resolved(existing["summary"], data.url, moment), moment)
