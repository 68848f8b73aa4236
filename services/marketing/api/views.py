"""What a marketing manager reads about one campaign: its readiness and its timeline."""

from __future__ import annotations

from fastapi import APIRouter

from services.marketing import service
from services.marketing.api.deps import CampaignId, Reader, ReadUow
from services.marketing.schemas import ReadinessOut, TimelineEntryOut
from shared.http.pagination import Cursor, Limit, Page, decode_keyset, page_of
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1/campaigns/{campaign_id}", tags=["campaign views"])


@router.get(
    "/readiness", response_model=ReadinessOut, summary="Launch readiness",
    description="The verdict of the current launch request (`checking`, `ready`, `at_risk`, "
                "`blocked`) with reasons in plain words, what inventory and content answered (each "
                "`pending` until it arrives), and whether support has published an advisory.",
    responses=problem_responses(401, 404, 422),
)
async def readiness(campaign_id: CampaignId, uow: ReadUow, _: Reader) -> ReadinessOut:
    async with uow:
        return await service.readiness_of(uow, str(campaign_id))


@router.get(
    "/timeline", response_model=Page[TimelineEntryOut], summary="Campaign timeline",
    description="Everything that happened to the campaign across teams, oldest first: its own "
                "events, every check answer (late ones too), advisory and live-guard signal, each "
                "with the team it came from, for the post-mortem.",
    responses=problem_responses(401, 404, 422),
)
async def timeline(
    campaign_id: CampaignId, uow: ReadUow, _: Reader, limit: Limit = 50, cursor: Cursor = None
) -> Page[TimelineEntryOut]:
    after = decode_keyset(cursor, int)
    async with uow:
        entries = await service.timeline_of(uow, str(campaign_id), limit, after[0] if after else 0)
    page, next_cursor = page_of(entries, limit, lambda entry: [entry.id])
    return Page[TimelineEntryOut](items=page, next_cursor=next_cursor)
