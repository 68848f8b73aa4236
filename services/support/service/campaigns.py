"""Marketing's campaign events and both campaign checks keep one advisory per campaign current."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from services.support import repository
from services.support.domain.advisories import CheckedPage, StockItem
from services.support.domain.campaigns import Campaign, CampaignPicture, campaign_advisory
from services.support.service.advisories import save_advisory
from shared.events.payloads import content, inventory, marketing
from shared.uow import UnitOfWork

log = logging.getLogger(__name__)

# Status each marketing event leaves the campaign in.
STATUS_AFTER = {
    "marketing.campaign.launched.v1": "live",
    "marketing.campaign.paused.v1": "paused",
    "marketing.campaign.resumed.v1": "live",
    "marketing.campaign.ended.v1": "ended",
    "marketing.campaign.cancelled.v1": "cancelled",
}


async def launch_requested(uow: UnitOfWork, data: marketing.LaunchRequested, contact_rate: float) -> None:
    """A (new) launch request replaces what support knew about the campaign."""
    campaign = Campaign(
        id=data.campaign_id, request_id=data.request_id, name=data.name, channels=data.channels,
        items=[{"sku": i.sku, "expected_units": i.expected_units} for i in data.items],
        starts_at=data.starts_at, ends_at=data.ends_at, landing_url=data.landing_url, status="requested",
        readiness=None, readiness_reasons=[], live_risks=[], ended_at=None, updated_at=datetime.now(UTC),
    )
    if await repository.lock_campaign(uow, data.campaign_id) is None:
        await repository.insert_campaign(uow, campaign)
    else:
        await repository.update_campaign(uow, campaign)
    await _refresh(uow, campaign, contact_rate)


async def readiness_changed(uow: UnitOfWork, data: marketing.ReadinessChanged, contact_rate: float) -> None:
    campaign = await repository.lock_campaign(uow, data.campaign_id)
    if campaign is None or campaign.request_id != data.request_id:
        log.info("ignoring readiness for an unknown or superseded launch request of %s", data.campaign_id)
        return
    await _update(uow, campaign, contact_rate, readiness=data.readiness, readiness_reasons=data.reasons)


async def launched(uow: UnitOfWork, data: marketing.Launched, contact_rate: float) -> None:
    campaign = await repository.lock_campaign(uow, data.campaign_id)
    if campaign is None:
        # Launched without a launch request support saw: learn the campaign from this event.
        learned = Campaign(
            id=data.campaign_id, request_id=None, name=data.name, channels=[],
            items=[{"sku": sku, "expected_units": None} for sku in data.skus],
            starts_at=data.starts_at, ends_at=data.ends_at, landing_url=data.landing_url,
            status="live", readiness=None, readiness_reasons=[], live_risks=[], updated_at=datetime.now(UTC),
        )
        await repository.insert_campaign(uow, learned)
        await _refresh(uow, learned, contact_rate)
        return
    await _update(uow, campaign, contact_rate, status="live", starts_at=data.starts_at,
                  ends_at=data.ends_at, landing_url=data.landing_url, live_risks=[])


async def status_changed(uow: UnitOfWork, event_type: str, campaign_id: str, contact_rate: float) -> None:
    """Paused, resumed, ended or cancelled."""
    campaign = await _known(uow, campaign_id)
    if campaign is None:
        return
    changes: dict[str, Any] = {"status": STATUS_AFTER[event_type]}
    if event_type == "marketing.campaign.resumed.v1":
        changes["live_risks"] = []
    if changes["status"] in ("ended", "cancelled"):
        changes["ended_at"] = datetime.now(UTC)
    await _update(uow, campaign, contact_rate, **changes)


async def live_risks_changed(
    uow: UnitOfWork, data: marketing.AtRisk | marketing.RiskCleared, contact_rate: float
) -> None:
    """At risk, or a risk cleared: the reasons still standing."""
    campaign = await _known(uow, data.campaign_id)
    if campaign is not None:
        await _update(uow, campaign, contact_rate, live_risks=data.reasons)


async def inventory_checked(
    uow: UnitOfWork, data: inventory.CampaignCheckCompleted, contact_rate: float
) -> None:
    await _record_check(uow, "inventory", data.campaign_id, data.request_id, data.model_dump(mode="json"),
                        contact_rate)


async def content_checked(uow: UnitOfWork, data: content.CampaignCheckCompleted, contact_rate: float) -> None:
    await _record_check(uow, "content", data.campaign_id, data.request_id, data.model_dump(mode="json"),
                        contact_rate)


async def _record_check(
    uow: UnitOfWork, source: str, campaign_id: str, request_id: str, result: dict[str, Any],
    contact_rate: float,
) -> None:
    await repository.record_check(uow, source, campaign_id, request_id, result, datetime.now(UTC))
    campaign = await repository.lock_campaign(uow, campaign_id)
    if campaign is None or campaign.request_id != request_id:
        # Kept: it may answer a launch request not seen yet; an older request's answer stays unused.
        log.info("%s check for %s waits for its launch request or is superseded", source, campaign_id)
        return
    await _refresh(uow, campaign, contact_rate)


async def _known(uow: UnitOfWork, campaign_id: str) -> Campaign | None:
    campaign = await repository.lock_campaign(uow, campaign_id)
    if campaign is None:
        log.info("ignoring an event about campaign %s, which support never heard of", campaign_id)
    return campaign


async def _update(uow: UnitOfWork, campaign: Campaign, contact_rate: float, **changes: Any) -> None:
    changed = replace(campaign, updated_at=datetime.now(UTC), **changes)
    await repository.update_campaign(uow, changed)
    await _refresh(uow, changed, contact_rate)


async def _refresh(uow: UnitOfWork, campaign: Campaign, contact_rate: float) -> None:
    """Rebuild the campaign's advisory from the projection and the current request's checks."""
    results = {}
    if campaign.request_id is not None:
        results = await repository.check_results(uow, campaign.id, campaign.request_id)
    stock = results.get("inventory")
    pages = results.get("content")
    picture = _picture(
        campaign,
        None if stock is None else inventory.CampaignCheckCompleted.model_validate(stock),
        None if pages is None else content.CampaignCheckCompleted.model_validate(pages),
    )
    key = f"campaign:{campaign.id}"
    existing = await repository.lock_advisory_by_key(uow, key)
    await save_advisory(uow, campaign_advisory(picture, contact_rate), key, existing, datetime.now(UTC))


def _picture(
    campaign: Campaign, stock: inventory.CampaignCheckCompleted | None,
    pages: content.CampaignCheckCompleted | None,
) -> CampaignPicture:
    return CampaignPicture(
        campaign_id=campaign.id, name=campaign.name, channels=campaign.channels,
        starts_at=campaign.starts_at, ends_at=campaign.ends_at, landing_url=campaign.landing_url,
        expected_units={i["sku"]: i["expected_units"] for i in campaign.items},
        status=campaign.status, readiness=campaign.readiness,
        readiness_reasons=campaign.readiness_reasons, live_risks=campaign.live_risks,
        stock_items=None if stock is None else [
            StockItem(i.sku, i.status, i.expected_units, i.coverage, i.projected_stockout_at)
            for i in stock.items
        ],
        pages=None if pages is None else [
            CheckedPage(p.url, p.kind, p.health, p.issues) for p in pages.pages
        ],
        missing_product_pages=[] if pages is None else pages.missing_product_pages,
        ended_at=campaign.ended_at,
    )
