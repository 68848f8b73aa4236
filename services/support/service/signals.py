"""Live signals: depleted SKUs of live campaigns and broken product or checkout pages."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from services.support import repository
from services.support.domain.advisories import (
    LiveCampaign,
    content_issue_advisory,
    content_issue_resolved,
    stock_risk_advisory,
    stock_risk_resolved,
)
from services.support.domain.campaigns import Campaign
from services.support.service.advisories import end_advisory, save_advisory
from shared.events.payloads import content, inventory
from shared.uow import UnitOfWork

log = logging.getLogger(__name__)


def _live(campaigns: list[Campaign]) -> list[LiveCampaign]:
    return [LiveCampaign(c.id, c.name, c.ends_at) for c in campaigns]


# Depletions and launches meet in the stock-risk rule: each handler reads what the other writes.
STOCK_RISK_RULE = "support:stock_risk"


async def stock_depleted(uow: UnitOfWork, data: inventory.StockDepleted) -> None:
    await uow.serialise(STOCK_RISK_RULE)
    await repository.mark_depleted(uow, data.sku, datetime.now(UTC))
    await _open_stock_risk(uow, data.sku)


async def campaign_live(uow: UnitOfWork, campaign_id: str) -> None:
    """A campaign launched or resumed over SKUs that are already sold out is a stock risk now."""
    await uow.serialise(STOCK_RISK_RULE)
    campaign = await repository.lock_campaign(uow, campaign_id)
    for sku in await repository.depleted_among(uow, campaign.skus if campaign else []):
        await _open_stock_risk(uow, sku)


async def _open_stock_risk(uow: UnitOfWork, sku: str) -> None:
    live = _live(await repository.live_campaigns_with(uow, sku))
    if not live:
        return
    key = f"stock_risk:{sku}"
    if await repository.lock_advisory_by_key(uow, key) is not None:
        log.info("stock risk for %s is already open", sku)
        return
    moment = datetime.now(UTC)
    await save_advisory(uow, stock_risk_advisory(sku, live, moment), key, None, moment)


async def stock_replenished(uow: UnitOfWork, data: inventory.StockReplenished) -> None:
    await uow.serialise(STOCK_RISK_RULE)
    await repository.clear_depleted(uow, data.sku)
    existing = await repository.lock_advisory_by_key(uow, f"stock_risk:{data.sku}")
    if existing is None:
        return
    moment = datetime.now(UTC)
    summary = stock_risk_resolved(existing.summary, data.sku, data.total_available, moment)
    await end_advisory(uow, existing, summary, moment)


async def page_broken(uow: UnitOfWork, data: content.PageBroken) -> None:
    live = _live(await repository.live_campaigns_with(uow, data.sku))
    draft = content_issue_advisory(data.url, data.kind, data.sku, data.issues, live)
    if draft is None:
        return
    key = f"content_issue:{data.page_id}"
    existing = await repository.lock_advisory_by_key(uow, key)
    await save_advisory(uow, draft, key, existing, datetime.now(UTC))


async def page_restored(uow: UnitOfWork, data: content.PageRestored) -> None:
    existing = await repository.lock_advisory_by_key(uow, f"content_issue:{data.page_id}")
    if existing is None:
        return
    moment = datetime.now(UTC)
    await end_advisory(uow, existing, content_issue_resolved(existing.summary, data.url, moment), moment)
