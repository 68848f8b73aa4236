"""Campaigns: create, list, read, edit."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from services.marketing import service
from services.marketing.api.deps import CampaignId, Reader, ReadUow, Writer, WriteUow
from services.marketing.schemas import CampaignIn, CampaignOut, CampaignPatch, CampaignSummary, Status
from shared.http.pagination import Cursor, Limit, Page, decode_keyset, page_of
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1/campaigns", tags=["campaigns"])


@router.post(
    "", status_code=201, response_model=CampaignOut, summary="Create a campaign",
    description="Creates a campaign in status `draft`. Dates must be ordered, items hold 1 to 500 "
                "distinct SKUs, discounts lie between 0 and 90 %. Accepts `Idempotency-Key`.",
    responses=problem_responses(401, 403, 413, 422),
)
async def create_campaign(body: CampaignIn, uow: WriteUow, _: Writer) -> CampaignOut:
    async with uow:
        campaign = await service.create(uow, body)
        out = await service.campaign_out(uow, campaign)
        await uow.commit()
    return out


@router.get(
    "", response_model=Page[CampaignSummary], summary="List campaigns",
    description="Campaigns, newest first, optionally of one status; items are left out (see the "
                "campaign itself).",
    responses=problem_responses(401, 422),
)
async def list_campaigns(
    uow: ReadUow, _: Reader,
    status: Annotated[Status | None, Query(description="Only this status.")] = None,
    limit: Limit = 50, cursor: Cursor = None,
) -> Page[CampaignSummary]:
    after = decode_keyset(cursor, datetime, str)
    async with uow:
        summaries = await service.list_campaigns(uow, status, limit, after)
    page, next_cursor = page_of(summaries, limit, lambda summary: [summary.created_at, summary.id])
    return Page[CampaignSummary](items=page, next_cursor=next_cursor)


@router.get(
    "/{campaign_id}", response_model=CampaignOut, summary="Read a campaign",
    description="The campaign with its items, readiness reasons and current live-guard risks.",
    responses=problem_responses(401, 404, 422),
)
async def get_campaign(campaign_id: CampaignId, uow: ReadUow, _: Reader) -> CampaignOut:
    async with uow:
        return await service.read_campaign(uow, str(campaign_id))


@router.patch(
    "/{campaign_id}", response_model=CampaignOut, summary="Edit a campaign",
    description="Changes the fields sent (`items` replaces the list). Allowed until the campaign goes "
                "live; any edit sends it back to `draft` and earlier checks (or a scheduled campaign's "
                "approval) no longer count. 409 names "
                "the current status when the campaign cannot be edited.",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def edit_campaign(
    campaign_id: CampaignId, body: CampaignPatch, uow: WriteUow, _: Writer
) -> CampaignOut:
    async with uow:
        campaign = await service.edit(uow, str(campaign_id), body)
        out = await service.campaign_out(uow, campaign)
        await uow.commit()
    return out
