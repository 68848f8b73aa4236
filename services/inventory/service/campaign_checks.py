"""Campaign stock checks and the projection of marketing's campaigns they need."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta

from services.inventory import domain
from services.inventory.repository import campaigns, catalog, stock
from services.inventory.repository.campaigns import CheckedCampaign
from shared.errors import NotFound
from shared.events.payloads.marketing import LaunchRequested
from shared.uow import UnitOfWork

COMPETING_STATUSES = ("requested", "scheduled", "live")


async def remember_campaign(
    uow: UnitOfWork, campaign_id: str, status: str, starts_at: datetime | None = None,
    ends_at: datetime | None = None, expected: dict[str, int | None] | None = None,
) -> None:
    """Upsert what inventory knows of a campaign; fields left None keep their stored value."""
    now = datetime.now(UTC)
    if await campaigns.insert_campaign(uow, campaign_id, status, starts_at or now, ends_at or now,
                                       expected or {}, now):
        return
    window = (starts_at, ends_at) if starts_at is not None and ends_at is not None else None
    await campaigns.update_campaign(uow, campaign_id, status, now, window, expected)


async def run_check(uow: UnitOfWork, request: LaunchRequested) -> CheckedCampaign:
    """Check every campaign SKU, keep the result as the latest for the campaign, publish it."""
    window = domain.CampaignWindow(request.starts_at, request.ends_at, request.uplift)
    expected: dict[str, int | None] = {}
    for item in request.items:
        given = expected.get(item.sku)
        units = item.expected_units
        expected[item.sku] = units if given is None else given + (units or 0)
    await remember_campaign(uow, request.campaign_id, "requested", window.starts_at, window.ends_at,
                            expected)
    skus = sorted(expected)
    known = await catalog.items_of(uow, skus)
    totals = await stock.total_available(uow, skus)
    shipped = await stock.shipped_since(uow, skus, datetime.now(UTC) - timedelta(days=28))
    competing = await _competing_units(uow, request.campaign_id, window)
    results = [
        domain.check_item(domain.ItemFacts(
            sku=sku, known=sku in known, total_available=totals.get(sku, 0),
            safety_stock=known[sku].safety_stock if sku in known else 0,
            expected_units=expected[sku], shipped_last_28_days=shipped.get(sku, 0),
            competing_units=competing.get(sku, 0),
        ), window)
        for sku in skus
    ]
    payload = {
        "campaign_id": request.campaign_id, "request_id": request.request_id,
        "overall": domain.overall(results), "items": [asdict(result) for result in results],
    }
    event = uow.publish("inventory.campaign_check.completed.v1", request.campaign_id, payload)
    checked = CheckedCampaign.model_validate({**event.data, "checked_at": event.time})
    await campaigns.save_check(uow, checked)
    return checked


async def latest_check(uow: UnitOfWork, campaign_id: str) -> CheckedCampaign:
    found = await campaigns.latest_check(uow, campaign_id)
    if found is None:
        raise NotFound(f"No stock check of campaign {campaign_id} yet.")
    return found


async def _competing_units(
    uow: UnitOfWork, campaign_id: str, window: domain.CampaignWindow
) -> dict[str, int]:
    """Expected units per SKU of the other requested or live campaigns overlapping this one."""
    competing: dict[str, int] = {}
    for campaign in await campaigns.other_campaigns(uow, campaign_id, COMPETING_STATUSES):
        if not window.overlaps(campaign.starts_at, campaign.ends_at):
            continue
        for sku, units in campaign.expected.items():
            competing[sku] = competing.get(sku, 0) + int(units or 0)
    return competing
