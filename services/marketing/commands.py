"""What people (and the schedules) do to a campaign.

Each command loads the campaign, lets the domain decide, saves, publishes and writes the
timeline, all inside the caller's unit of work; none commits.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from services.marketing import domain, guard, publishing, repository
from services.marketing.domain import Status
from services.marketing.publishing import MARKETING, emit
from services.marketing.repository import Campaign
from services.marketing.schemas import CampaignIn, CampaignPatch
from shared.errors import Invalid, NotFound
from shared.events.payloads import marketing
from shared.uow import UnitOfWork


async def get_campaign(uow: UnitOfWork, campaign_id: str, lock: bool = True) -> Campaign:
    campaign = await repository.load_campaign(uow, campaign_id, lock=lock)
    if campaign is None:
        raise NotFound(f"No campaign {campaign_id}.")
    return campaign


def _item_rows(body: CampaignIn | CampaignPatch) -> list[dict[str, Any]]:
    return [item.model_dump() for item in body.items or []]


async def create(uow: UnitOfWork, body: CampaignIn) -> str:
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
    return campaign_id


async def edit(uow: UnitOfWork, campaign_id: str, patch: CampaignPatch) -> Campaign:
    campaign = await get_campaign(uow, campaign_id)
    status = domain.transition(campaign.status, "edit")
    changes = patch.changes()
    starts_at = changes.get("starts_at", campaign["starts_at"])
    ends_at = changes.get("ends_at", campaign["ends_at"])
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


async def request_launch(uow: UnitOfWork, campaign_id: str) -> Campaign:
    campaign = await get_campaign(uow, campaign_id)
    status = domain.transition(campaign.status, "request_launch")
    request_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    await repository.update_campaign(
        uow, campaign, status=status.value, request_id=request_id, requested_at=now,
        readiness=Status.CHECKING.value, reasons=[], updated_at=now,
    )
    await emit(uow, campaign, "marketing.campaign.launch_requested.v1", marketing.LaunchRequested(
        campaign_id=campaign.id, request_id=request_id, name=campaign["name"],
        channels=campaign["channels"], starts_at=campaign["starts_at"], ends_at=campaign["ends_at"],
        landing_url=campaign["landing_url"], uplift=campaign["uplift"],
        items=[marketing.CampaignItem(**item) for item in campaign.items],
    ), "Launch requested; inventory and content are asked to check the campaign.")
    await emit(uow, campaign, "marketing.campaign.readiness_changed.v1", marketing.ReadinessChanged(
        campaign_id=campaign.id, request_id=request_id, readiness="checking", reasons=[],
    ), "Readiness: checking (waiting for inventory and content).")
    return campaign


async def launch(
    uow: UnitOfWork, campaign_id: str, role: str, override_reason: str | None, automatic: bool = False
) -> Campaign:
    campaign = await get_campaign(uow, campaign_id)
    now = datetime.now(UTC)
    forced = domain.decide_launch(campaign.status, role, override_reason, now, campaign["ends_at"])
    await repository.update_campaign(
        uow, campaign, status=Status.LIVE.value, forced=forced, override_reason=override_reason,
        launched_at=now, updated_at=now,
    )
    if forced:
        summary = f"Force-launched by an admin over a blocked verdict: {override_reason}"
    else:
        summary = "Went live automatically at its start time." if automatic else "Launched."
    await emit(uow, campaign, "marketing.campaign.launched.v1", marketing.Launched(
        campaign_id=campaign.id, name=campaign["name"], skus=campaign.skus,
        starts_at=campaign["starts_at"], ends_at=campaign["ends_at"],
        landing_url=campaign["landing_url"], forced=forced,
    ), summary)
    await guard.assess_new_live_campaign(uow, campaign)
    return campaign


async def pause(uow: UnitOfWork, campaign_id: str, reason: str | None) -> Campaign:
    campaign = await get_campaign(uow, campaign_id)
    await publishing.pause(uow, campaign, reason)
    return campaign


async def resume(uow: UnitOfWork, campaign_id: str, reason: str | None) -> Campaign:
    campaign = await get_campaign(uow, campaign_id)
    status = domain.transition(campaign.status, "resume")
    await repository.update_campaign(uow, campaign, status=status.value, updated_at=datetime.now(UTC))
    await emit(uow, campaign, "marketing.campaign.resumed.v1",
               marketing.PausedOrResumed(campaign_id=campaign.id, reason=reason),
               f"Resumed: {reason}" if reason else "Resumed.")
    return campaign


async def finish(
    uow: UnitOfWork, campaign_id: str, action: str, reason: str | None, automatic: bool = False
) -> Campaign:
    """End (`action="end"`) or cancel a campaign; its live-guard risks no longer matter."""
    campaign = await get_campaign(uow, campaign_id)
    status = domain.transition(campaign.status, action)
    await repository.update_campaign(uow, campaign, status=status.value, updated_at=datetime.now(UTC))
    await repository.clear_risks(uow, campaign.id)
    event_type = f"marketing.campaign.{status.value}.v1"
    if automatic:
        summary = "Ended automatically at its end time."
    else:
        summary = f"{status.value.capitalize()}: {reason}" if reason else f"{status.value.capitalize()}."
    await emit(uow, campaign, event_type, marketing.EndedOrCancelled(
        campaign_id=campaign.id, skus=campaign.skus, landing_url=campaign["landing_url"],
    ), summary)
    return campaign
