"""Moving a campaign through its life: launch request, launch, pause, resume, end, cancel."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter

from services.marketing import commands
from services.marketing.api.common import CampaignId, Writer, campaign_out
from services.marketing.domain import Status
from services.marketing.repository import Campaign
from services.marketing.schemas import CampaignOut, LaunchIn, LaunchRequestOut, ReasonIn
from shared.http.deps import UowDep
from shared.http.problems import problem_responses
from shared.uow import UnitOfWork

router = APIRouter(prefix="/v1/campaigns/{campaign_id}", tags=["campaign lifecycle"])
_ERRORS = problem_responses(401, 403, 404, 409, 422)


@router.post(
    "/launch-request", status_code=202, response_model=LaunchRequestOut, summary="Request a launch",
    description="Starts the readiness checks: status `checking`, a new `request_id`, and a "
                "`launch_requested` event that inventory and content answer. Answers to earlier "
                "requests no longer count. Allowed until the campaign goes live.",
    responses=_ERRORS,
)
async def request_launch(campaign_id: CampaignId, uow: UowDep, _: Writer) -> LaunchRequestOut:
    async with uow:
        campaign = await commands.request_launch(uow, str(campaign_id))
        await uow.commit()
    return LaunchRequestOut(
        campaign_id=campaign.id, request_id=campaign["request_id"], status=campaign.status.value,
        readiness=campaign["readiness"],
    )


@router.post(
    "/launch", response_model=CampaignOut, summary="Launch a campaign",
    description="Makes a `ready` or `at_risk` campaign `live`. A `blocked` campaign goes live only "
                "when an admin gives an `override_reason` (recorded; the event says `forced: true`); "
                "for anyone else it is a 409.",
    responses=_ERRORS,
)
async def launch(
    campaign_id: CampaignId, uow: UowDep, role: Writer, body: LaunchIn | None = None
) -> CampaignOut:
    override_reason = body.override_reason if body else None
    return await _transition(uow, lambda u: commands.launch(u, str(campaign_id), role, override_reason))


@router.post(
    "/pause", response_model=CampaignOut, summary="Pause a live campaign",
    description="`live` → `paused`, with an optional reason carried in the `paused` event.",
    responses=_ERRORS,
)
async def pause(
    campaign_id: CampaignId, uow: UowDep, _: Writer, body: ReasonIn | None = None
) -> CampaignOut:
    reason = body.reason if body else None
    return await _transition(uow, lambda u: commands.pause(u, str(campaign_id), reason))


@router.post(
    "/resume", response_model=CampaignOut, summary="Resume a paused campaign",
    description="`paused` → `live`, with an optional reason carried in the `resumed` event.",
    responses=_ERRORS,
)
async def resume(
    campaign_id: CampaignId, uow: UowDep, _: Writer, body: ReasonIn | None = None
) -> CampaignOut:
    reason = body.reason if body else None
    return await _transition(uow, lambda u: commands.resume(u, str(campaign_id), reason))


@router.post(
    "/end", response_model=CampaignOut, summary="End a campaign",
    description="`live` or `paused` → `ended` (live campaigns also end by themselves at `ends_at`).",
    responses=_ERRORS,
)
async def end(campaign_id: CampaignId, uow: UowDep, _: Writer, body: ReasonIn | None = None) -> CampaignOut:
    return await _finish(uow, str(campaign_id), Status.ENDED, body)


@router.post(
    "/cancel", response_model=CampaignOut, summary="Cancel a campaign",
    description="Any status but `ended` and `cancelled` → `cancelled`.",
    responses=_ERRORS,
)
async def cancel(
    campaign_id: CampaignId, uow: UowDep, _: Writer, body: ReasonIn | None = None
) -> CampaignOut:
    return await _finish(uow, str(campaign_id), Status.CANCELLED, body)


async def _finish(uow: UnitOfWork, campaign_id: str, target: Status, body: ReasonIn | None) -> CampaignOut:
    action = "end" if target is Status.ENDED else "cancel"
    reason = body.reason if body else None
    return await _transition(uow, lambda u: commands.finish(u, campaign_id, action, reason))


async def _transition(uow: UnitOfWork, command: Callable[[UnitOfWork], Awaitable[Campaign]]) -> CampaignOut:
    """Run one lifecycle command in its own transaction and answer the campaign as it left it."""
    async with uow:
        campaign = await command(uow)
        out = await campaign_out(uow, campaign)
        await uow.commit()
    return out
