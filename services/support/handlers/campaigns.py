"""Marketing's campaign events and both campaign checks keep one advisory per campaign current."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select

from services.support.domain.advisories import CheckedPage, StockItem
from services.support.domain.campaigns import CampaignPicture, campaign_advisory
from services.support.handlers.advisories import save_advisory
from services.support.repository import advisory_by_key, get_campaign, now, utc
from services.support.tables import campaign_checks, campaigns
from shared.events import Envelope
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


class CampaignAdvisories:
    """Handlers for campaign events; `contact_rate` comes from the service settings."""

    def __init__(self, contact_rate: float) -> None:
        self.contact_rate = contact_rate

    async def on_launch_requested(self, event: Envelope, uow: UnitOfWork) -> None:
        data = event.payload(marketing.LaunchRequested)
        values: dict[str, Any] = {
            "request_id": data.request_id, "name": data.name, "channels": data.channels,
            "items": [{"sku": i.sku, "expected_units": i.expected_units} for i in data.items],
            "starts_at": utc(data.starts_at), "ends_at": utc(data.ends_at),
            "landing_url": data.landing_url, "status": "requested", "readiness": None,
            "readiness_reasons": [], "live_risks": [], "ended_at": None, "updated_at": now(),
        }
        if await get_campaign(uow, data.campaign_id) is None:
            await uow.execute(campaigns.insert().values(id=data.campaign_id, **values))
        else:
            await uow.execute(campaigns.update().where(campaigns.c.id == data.campaign_id).values(**values))
        await self._refresh(uow, data.campaign_id)

    async def on_readiness_changed(self, event: Envelope, uow: UnitOfWork) -> None:
        data = event.payload(marketing.ReadinessChanged)
        campaign = await get_campaign(uow, data.campaign_id)
        if campaign is None or campaign["request_id"] != data.request_id:
            log.info("ignoring readiness for an unknown or superseded launch request of %s", data.campaign_id)
            return
        await self._update(uow, data.campaign_id, readiness=data.readiness,
                           readiness_reasons=data.reasons)

    async def on_launched(self, event: Envelope, uow: UnitOfWork) -> None:
        data = event.payload(marketing.Launched)
        if await get_campaign(uow, data.campaign_id) is None:
            # Launched without a launch request support saw: learn the campaign from this event.
            await uow.execute(campaigns.insert().values(
                id=data.campaign_id, request_id=None, name=data.name, channels=[],
                items=[{"sku": sku, "expected_units": None} for sku in data.skus],
                starts_at=utc(data.starts_at), ends_at=utc(data.ends_at), landing_url=data.landing_url,
                status="live", readiness=None, readiness_reasons=[], live_risks=[], updated_at=now(),
            ))
            await self._refresh(uow, data.campaign_id)
            return
        await self._update(uow, data.campaign_id, status="live", starts_at=utc(data.starts_at),
                           ends_at=utc(data.ends_at), landing_url=data.landing_url, live_risks=[])

    async def on_status_changed(self, event: Envelope, uow: UnitOfWork) -> None:
        """Paused, resumed, ended or cancelled."""
        campaign_id = str(event.data["campaign_id"])
        changes: dict[str, Any] = {"status": STATUS_AFTER[event.type]}
        if event.type == "marketing.campaign.resumed.v1":
            changes["live_risks"] = []
        if changes["status"] in ("ended", "cancelled"):
            changes["ended_at"] = now()
        await self._update(uow, campaign_id, **changes)

    async def on_at_risk(self, event: Envelope, uow: UnitOfWork) -> None:
        data = event.payload(marketing.AtRisk)
        await self._update(uow, data.campaign_id, live_risks=data.reasons)

    async def on_risk_cleared(self, event: Envelope, uow: UnitOfWork) -> None:
        data = event.payload(marketing.RiskCleared)
        await self._update(uow, data.campaign_id, live_risks=data.reasons)

    async def on_inventory_check(self, event: Envelope, uow: UnitOfWork) -> None:
        data = event.payload(inventory.CampaignCheckCompleted)
        await self._record_check(uow, "inventory", data.campaign_id, data.request_id,
                                 data.model_dump(mode="json"))

    async def on_content_check(self, event: Envelope, uow: UnitOfWork) -> None:
        data = event.payload(content.CampaignCheckCompleted)
        await self._record_check(uow, "content", data.campaign_id, data.request_id,
                                 data.model_dump(mode="json"))

    async def _record_check(
        self, uow: UnitOfWork, source: str, campaign_id: str, request_id: str, result: dict[str, Any]
    ) -> None:
        await uow.insert_ignoring_duplicates(campaign_checks, {
            "campaign_id": campaign_id, "source": source, "request_id": request_id, "result": result,
            "received_at": now(),
        })
        campaign = await get_campaign(uow, campaign_id)
        if campaign is None or campaign["request_id"] != request_id:
            # Kept: it may answer a launch request not seen yet; an older request's answer stays unused.
            log.info("%s check for %s waits for its launch request or is superseded", source, campaign_id)
            return
        await self._refresh(uow, campaign_id)

    async def _update(self, uow: UnitOfWork, campaign_id: str, **changes: Any) -> None:
        if await get_campaign(uow, campaign_id) is None:
            log.info("ignoring an event about campaign %s, which support never heard of", campaign_id)
            return
        await uow.execute(campaigns.update().where(campaigns.c.id == campaign_id)
                          .values(updated_at=now(), **changes))
        await self._refresh(uow, campaign_id)

    async def _refresh(self, uow: UnitOfWork, campaign_id: str) -> None:
        """Rebuild the campaign's advisory from the projection and the current request's checks."""
        campaign = await get_campaign(uow, campaign_id)
        assert campaign is not None
        checks = {}
        if campaign["request_id"] is not None:
            rows = await uow.execute(select(campaign_checks.c.source, campaign_checks.c.result).where(
                campaign_checks.c.campaign_id == campaign_id,
                campaign_checks.c.request_id == campaign["request_id"],
            ))
            checks = {row.source: row.result for row in rows}
        moment = now()
        picture = _picture(campaign, checks.get("inventory"), checks.get("content"), moment)
        key = f"campaign:{campaign_id}"
        existing = await advisory_by_key(uow, key)
        await save_advisory(uow, campaign_advisory(picture, self.contact_rate), key, existing, moment)


def _picture(
    campaign: dict[str, Any], stock: dict[str, Any] | None, pages: dict[str, Any] | None, moment: datetime
) -> CampaignPicture:
    return CampaignPicture(
        campaign_id=campaign["id"], name=campaign["name"], channels=campaign["channels"],
        starts_at=campaign["starts_at"], ends_at=campaign["ends_at"], landing_url=campaign["landing_url"],
        expected_units={i["sku"]: i["expected_units"] for i in campaign["items"]},
        status=campaign["status"], readiness=campaign["readiness"],
        readiness_reasons=campaign["readiness_reasons"], live_risks=campaign["live_risks"],
        stock_items=None if stock is None else [_stock_item(i) for i in stock["items"]],
        pages=None if pages is None else [
            CheckedPage(p["url"], p["kind"], p["health"], p["issues"]) for p in pages["pages"]
        ],
        missing_product_pages=[] if pages is None else pages["missing_product_pages"],
        ended_at=campaign["ended_at"],
    )


def _stock_item(item: dict[str, Any]) -> StockItem:
    stockout = item.get("projected_stockout_at")
    return StockItem(
        sku=item["sku"], status=item["status"], expected_units=item.get("expected_units"),
        coverage=item.get("coverage"),
        projected_stockout_at=datetime.fromisoformat(stockout) if stockout else None,
    )
