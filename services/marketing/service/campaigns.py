"""Creating and editing campaigns, and what the API shows of them."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from services.marketing import domain, repository
from services.marketing.domain import Campaign, Status
from services.marketing.repository import StoredCheck
from services.marketing.schemas import (
    AdvisoryOut,
    CampaignIn,
    CampaignOut,
    CampaignPatch,
    CampaignSummary,
    ChecksOut,
    ContentCheckOut,
    InventoryCheckOut,
    ItemOut,
    ReadinessOut,
    TimelineEntryOut,
)
from services.marketing.service.publishing import MARKETING
from shared.errors import Invalid, NotFound
from shared.uow import UnitOfWork


async def get_campaign(uow: UnitOfWork, campaign_id: str, lock: bool = True) -> Campaign:
    campaign = await repository.load_campaign(uow, campaign_id, lock=lock)
    if campaign is None:
        raise NotFound(f"No campaign {campaign_id}.")
    return campaign


def _item_rows(body: CampaignIn | CampaignPatch) -> list[dict[str, Any]]:
    return [item.model_dump() for item in body.items or []]


async def create(uow: UnitOfWork, body: CampaignIn) -> Campaign:
    now = datetime.now(UTC)
    campaign_id = str(uuid.uuid4())
    values = body.model_dump(exclude={"items"})
    await repository.insert_campaign(uow, {
        **values, "id": campaign_id, "status": Status.DRAFT.value, "request_id": None,
        "requested_at": None, "readiness": None, "reasons": [], "forced": False,
        "override_reason": None, "launched_at": None, "created_at": now, "updated_at": now,
    }, _item_rows(body))
    await repository.append_timeline(
        uow, campaign_id, "created", MARKETING,
        f"Campaign created as a draft with {len(body.items)} SKU(s).",
        {"name": body.name, "skus": [item.sku for item in body.items]},
    )
    return await get_campaign(uow, campaign_id)


async def edit(uow: UnitOfWork, campaign_id: str, patch: CampaignPatch) -> Campaign:
    campaign = await get_campaign(uow, campaign_id)
    status = domain.transition(campaign.status, "edit")
    changes = patch.changes()
    starts_at = changes.get("starts_at", campaign.starts_at)
    ends_at = changes.get("ends_at", campaign.ends_at)
    if ends_at <= starts_at:
        raise Invalid("ends_at must be after starts_at.", errors=[
            {"field": "body.ends_at", "message": "must be after starts_at", "type": "value_error"},
        ])
    if patch.items is not None:
        await repository.replace_items(uow, campaign.id, _item_rows(patch))
    values = {key: value for key, value in changes.items() if key != "items"}
    await repository.update_campaign(
        uow, campaign, **values, status=status.value, request_id=None, requested_at=None,
        readiness=None, reasons=[], updated_at=datetime.now(UTC),
    )
    summary = f"Edited ({', '.join(sorted(changes))}); back to draft, earlier checks no longer count."
    await repository.append_timeline(
        uow, campaign.id, "edited", MARKETING, summary, patch.model_dump(mode="json", include=set(changes))
    )
    return await get_campaign(uow, campaign_id)


async def campaign_out(uow: UnitOfWork, campaign: Campaign) -> CampaignOut:
    """The campaign with its items and its current live-guard risks."""
    risks = await repository.risks_of(uow, campaign.id)
    fields = {key: value for key, value in asdict(campaign).items() if key in CampaignSummary.model_fields}
    return CampaignOut(
        **{**fields, "status": campaign.status.value},
        risks=[risk.reason for risk in risks],
        item_count=len(campaign.items),
        items=[ItemOut(**asdict(item)) for item in campaign.items],
    )


async def read_campaign(uow: UnitOfWork, campaign_id: str) -> CampaignOut:
    return await campaign_out(uow, await get_campaign(uow, campaign_id, lock=False))


async def list_campaigns(
    uow: UnitOfWork, status: Status | None, limit: int, after: tuple[datetime, str] | None
) -> list[CampaignSummary]:
    """Newest first, `limit + 1` of them (the last one only tells that another page follows)."""
    rows = await repository.list_campaigns(uow, status.value if status else None, limit, after)
    return [CampaignSummary(**{k: v for k, v in row.items() if k in CampaignSummary.model_fields})
            for row in rows]


def _inventory_check(check: StoredCheck | None) -> InventoryCheckOut:
    if check is None:
        return InventoryCheckOut(status="pending")
    payload = check.payload or {}
    return InventoryCheckOut(
        status=check.status, received_at=check.received_at, items=domain.with_zulu(payload.get("items", []))
    )


def _content_check(check: StoredCheck | None) -> ContentCheckOut:
    if check is None:
        return ContentCheckOut(status="pending")
    payload = check.payload or {}
    return ContentCheckOut(
        status=check.status, received_at=check.received_at, pages=domain.with_zulu(payload.get("pages", [])),
        missing_product_pages=payload.get("missing_product_pages", []),
    )


async def readiness_of(uow: UnitOfWork, campaign_id: str) -> ReadinessOut:
    """The current verdict, what each team answered, and support's latest advisory."""
    campaign = await get_campaign(uow, campaign_id, lock=False)
    request_id = campaign.request_id
    checks = await repository.checks_of(uow, campaign.id, request_id) if request_id else {}
    advisory = await repository.latest_advisory(uow, campaign.id)
    return ReadinessOut(
        campaign_id=campaign.id, request_id=request_id, readiness=campaign.readiness,
        reasons=campaign.reasons,
        checks=ChecksOut(inventory=_inventory_check(checks.get("inventory")),
                         content=_content_check(checks.get("content"))),
        advisory=AdvisoryOut(known=True, **{k: advisory[k] for k in ("advisory_id", "severity", "title")})
        if advisory else AdvisoryOut(known=False),
    )


async def timeline_of(uow: UnitOfWork, campaign_id: str, limit: int, after_id: int) -> list[TimelineEntryOut]:
    """Oldest first after `after_id`, `limit + 1` entries; 404 for an unknown campaign."""
    campaign = await get_campaign(uow, campaign_id, lock=False)
    rows = await repository.timeline_of(uow, campaign.id, limit, after_id)
    # Details stored before timestamps were written with `Z` are shown with `Z` too.
    return [TimelineEntryOut(**{**row, "details": domain.with_zulu(row["details"])}) for row in rows]
