"""Moving a campaign through its life, by people and by the sweepers.

Each use case loads the campaign, lets the domain decide, saves, publishes and writes the
timeline, all inside the caller's unit of work; none commits.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import UTC, datetime

from services.marketing import domain, repository
from services.marketing.domain import Campaign, Status
from services.marketing.schemas import LaunchRequestOut
from services.marketing.service import guard, publishing
from services.marketing.service.campaigns import get_campaign
from services.marketing.service.publishing import emit
from shared.events.payloads import marketing
from shared.uow import UnitOfWork


async def request_launch(uow: UnitOfWork, campaign_id: str) -> LaunchRequestOut:
    campaign = await get_campaign(uow, campaign_id)
    status = domain.transition(campaign.status, "request_launch")
    request_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    await repository.update_campaign(
        uow, campaign, status=status.value, request_id=request_id, requested_at=now,
        readiness=Status.CHECKING.value, reasons=[], updated_at=now,
    )
    await emit(uow, campaign, "marketing.campaign.launch_requested.v1", marketing.LaunchRequested(
        campaign_id=campaign.id, request_id=request_id, name=campaign.name,
        channels=campaign.channels, starts_at=campaign.starts_at, ends_at=campaign.ends_at,
        landing_url=campaign.landing_url, uplift=campaign.uplift,
        items=[marketing.CampaignItem(**asdict(item)) for item in campaign.items],
    ), "Launch requested; inventory and content are asked to check the campaign.")
    await emit(uow, campaign, "marketing.campaign.readiness_changed.v1", marketing.ReadinessChanged(
        campaign_id=campaign.id, request_id=request_id, readiness="checking", reasons=[],
    ), "Readiness: checking (waiting for inventory and content).")
    return LaunchRequestOut(
        campaign_id=campaign.id, request_id=request_id, status=campaign.status.value,
        readiness=Status.CHECKING.value,
    )


async def launch(uow: UnitOfWork, campaign_id: str, role: str, override_reason: str | None) -> Campaign:
    """A person's launch: `live` when the start has come, otherwise `scheduled` (approved)."""
    campaign = await get_campaign(uow, campaign_id)
    now = datetime.now(UTC)
    decision = domain.decide_launch(
        campaign.status, role, override_reason, now, campaign.starts_at, campaign.ends_at
    )
    approval = f"Force-launched by an admin over a blocked verdict: {override_reason}" if decision.forced \
        else "Launched."
    if decision.status is Status.LIVE:
        await _go_live(uow, campaign, now, approval, decision.forced, override_reason)
        return campaign
    await repository.update_campaign(
        uow, campaign, status=decision.status.value, forced=decision.forced,
        override_reason=override_reason, updated_at=now,
    )
    await emit(uow, campaign, "marketing.campaign.scheduled.v1", marketing.Scheduled(
        campaign_id=campaign.id, name=campaign.name, skus=campaign.skus,
        starts_at=campaign.starts_at, ends_at=campaign.ends_at, forced=decision.forced,
    ), f"{approval.removesuffix('.')}; scheduled to go live by itself at "
       f"{domain.rfc3339(campaign.starts_at)}.")
    return campaign


async def start(uow: UnitOfWork, campaign_id: str) -> Campaign:
    """`starts_at` has come: a scheduled campaign (approved earlier, forced or not) or a ready or
    at-risk auto-launch campaign goes live."""
    campaign = await get_campaign(uow, campaign_id)
    now = datetime.now(UTC)
    domain.decide_start(campaign.status, campaign.auto_launch, now, campaign.starts_at, campaign.ends_at)
    if campaign.status is Status.SCHEDULED:
        summary = "Went live at its start time, as scheduled."
        if campaign.forced:
            summary += f" (Force-launched by an admin over a blocked verdict: {campaign.override_reason})"
        await _go_live(uow, campaign, now, summary, campaign.forced, campaign.override_reason)
    else:
        await _go_live(uow, campaign, now, "Went live automatically at its start time.", False, None)
    return campaign


async def _go_live(
    uow: UnitOfWork, campaign: Campaign, now: datetime, summary: str, forced: bool,
    override_reason: str | None,
) -> None:
    await repository.update_campaign(
        uow, campaign, status=Status.LIVE.value, forced=forced, override_reason=override_reason,
        launched_at=now, updated_at=now,
    )
    await emit(uow, campaign, "marketing.campaign.launched.v1", marketing.Launched(
        campaign_id=campaign.id, name=campaign.name, skus=campaign.skus,
        starts_at=campaign.starts_at, ends_at=campaign.ends_at,
        landing_url=campaign.landing_url, forced=campaign.forced,
    ), summary)
    await guard.assess_new_live_campaign(uow, campaign)


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
    """End (`action="end"`) or cancel a campaign; its live-guard risks no longer matter. At its end
    time a campaign still scheduled (it never went live, e.g. the service was down) ends too."""
    campaign = await get_campaign(uow, campaign_id)
    if automatic and campaign.status is Status.SCHEDULED:
        action = "end_unstarted"
    status = domain.transition(campaign.status, action)
    await repository.update_campaign(uow, campaign, status=status.value, updated_at=datetime.now(UTC))
    await repository.clear_risks(uow, campaign.id)
    event_type = f"marketing.campaign.{status.value}.v1"
    if action == "end_unstarted":
        summary = "Ended at its end time without having gone live."
    elif automatic:
        summary = "Ended automatically at its end time."
    else:
        summary = f"{status.value.capitalize()}: {reason}" if reason else f"{status.value.capitalize()}."
    await emit(uow, campaign, event_type, marketing.EndedOrCancelled(
        campaign_id=campaign.id, skus=campaign.skus, landing_url=campaign.landing_url,
    ), summary)
    return campaign
