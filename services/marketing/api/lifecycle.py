"""Moving a campaign through its life: launch request, launch, pause, resume, end, cancel."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter

from services.marketing import service
from services.marketing.api.deps import CampaignId, Writer, WriteUow
from services.marketing.schemas import CampaignOut, LaunchIn, LaunchRequestOut, ReasonIn
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
async def request_launch(campaign_id: CampaignId, uow: WriteUow, _: Writer) -> LaunchRequestOut:
    async with uow:
        requested = await service.request_launch(uow, str(campaign_id))
        await uow.commit()
    return requested


@router.post(
    "/launch", response_model=CampaignOut, summary="Launch a campaign",
    description="Approves a `ready` or `at_risk` campaign: `live` at once when `starts_at` has come "
                "(event `launched`), otherwise `scheduled` (event `scheduled`): it goes live by itself "
                "at `starts_at`, and the storefront sees no promotion before then. A `blocked` campaign "
                "is approved only when an admin gives an `override_reason` (recorded; the events say "
                "`forced: true`); for anyone else it is a 409. A scheduled campaign can be cancelled or "
                "edited (back to `draft`); pause, resume and end are 409 until it is live.",
    responses=_ERRORS,
)
async def launch(
    campaign_id: CampaignId, uow: WriteUow, role: Writer, body: LaunchIn | None = None
) -> CampaignOut:
    override_reason = body.override_reason if body else None
    return await _transition(uow, lambda u: service.launch(u, str(campaign_id), role, override_reason))


@router.post(
    "/pause", response_model=CampaignOut, summary="Pause a live campaign",
    description="`live` → `paused`, with an optional reason carried in the `paused` event.",
    responses=_ERRORS,
)
async def pause(
    campaign_id: CampaignId, uow: WriteUow, _: Writer, body: ReasonIn | None = None
) -> CampaignOut:
    reason = body.reason if body else None
    return await _transition(uow, lambda u: service.pause(u, str(campaign_id), reason))


@router.post(
    "/resume", response_model=CampaignOut, summary="Resume a paused campaign",
    description="`paused` → `live`, with an optional reason carried in the `resumed` event.",
    responses=_ERRORS,
)
async def resume(
    campaign_id: CampaignId, uow: WriteUow, _: Writer, body: ReasonIn | None = None
) -> CampaignOut:
    reason = body.reason if body else None
    return await _transition(uow, lambda u: service.resume(u, str(campaign_id), reason))


@router.post(
    "/end", response_model=CampaignOut, summary="End a campaign",
    description="`live` or `paused` → `ended` (live campaigns also end by themselves at `ends_at`).",
    responses=_ERRORS,
)
async def end(campaign_id: CampaignId, uow: WriteUow, _: Writer, body: ReasonIn | None = None) -> CampaignOut:
    reason = body.reason if body else None
    return await _transition(uow, lambda u: service.finish(u, str(campaign_id), "end", reason))


@router.post(
    "/cancel", response_model=CampaignOut, summary="Cancel a campaign",
    description="Any status but `ended` and `cancelled` → `cancelled` (a scheduled campaign too).",
    responses=_ERRORS,
)
async def cancel(
    campaign_id: CampaignId, uow: WriteUow, _: Writer, body: ReasonIn | None = None
) -> CampaignOut:
    reason = body.reason if body else None
    return await _transition(uow, lambda u: service.finish(u, str(campaign_id), "cancel", reason))


async def _transition(
    uow: UnitOfWork, command: Callable[[UnitOfWork], Awaitable[service.Campaign]]
) -> CampaignOut:
    """Run one lifecycle command in its own transaction and answer the campaign as it left it."""
    async with uow:
        campaign = await command(uow)
        out = await service.campaign_out(uow, campaign)
        await uow.commit()
    return out
