"""Campaigns: create, list, read, edit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from services.marketing import commands, repository
from services.marketing.api.common import CampaignId, Reader, Writer, campaign_out
from services.marketing.domain import Status
from services.marketing.repository import as_utc
from services.marketing.schemas import CampaignIn, CampaignOut, CampaignPatch, CampaignSummary
from shared.errors import Invalid
from shared.http.deps import ReadUowDep, UowDep
from shared.http.pagination import Cursor, Limit, Page, decode_cursor, page_of
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1/campaigns", tags=["campaigns"])


@router.post(
    "", status_code=201, response_model=CampaignOut, summary="Create a campaign",
    description="Creates a campaign in status `draft`. Dates must be ordered, items hold 1 to 500 "
                "distinct SKUs, discounts lie between 0 and 90 %. Accepts `Idempotency-Key`.",
    responses=problem_responses(401, 403, 413, 422),
)
async def create_campaign(body: CampaignIn, uow: UowDep, _: Writer) -> CampaignOut:
    async with uow:
        campaign_id = await commands.create(uow, body)
        campaign = await commands.get_campaign(uow, campaign_id)
        out = await campaign_out(uow, campaign)
        await uow.commit()
    return out


@router.get(
    "", response_model=Page[CampaignSummary], summary="List campaigns",
    description="Campaigns, newest first, optionally of one status; items are left out (see the "
                "campaign itself).",
    responses=problem_responses(401, 422),
)
async def list_campaigns(
    uow: ReadUowDep, _: Reader,
    status: Annotated[Status | None, Query(description="Only this status.")] = None,
    limit: Limit = 50, cursor: Cursor = None,
) -> Page[CampaignSummary]:
    after = decode_cursor(cursor, 2)
    try:
        position = None
        if after is not None:
            position = (as_utc(datetime.fromisoformat(after[0])).astimezone(UTC), str(after[1]))
    except (TypeError, ValueError, OverflowError) as error:
        raise Invalid("The cursor is not one this API issued.") from error
    async with uow:
        rows = await repository.list_campaigns(uow, status.value if status else None, limit, position)
    page, next_cursor = page_of(rows, limit, lambda row: [row["created_at"].isoformat(), row["id"]])
    items = [
        CampaignSummary(**{k: v for k, v in row.items() if k in CampaignSummary.model_fields}) for row in page
    ]
    return Page[CampaignSummary](items=items, next_cursor=next_cursor)


@router.get(
    "/{campaign_id}", response_model=CampaignOut, summary="Read a campaign",
    description="The campaign with its items, readiness reasons and current live-guard risks.",
    responses=problem_responses(401, 404, 422),
)
async def get_campaign(campaign_id: CampaignId, uow: ReadUowDep, _: Reader) -> CampaignOut:
    async with uow:
        campaign = await commands.get_campaign(uow, str(campaign_id), lock=False)
        return await campaign_out(uow, campaign)


@router.patch(
    "/{campaign_id}", response_model=CampaignOut, summary="Edit a campaign",
    description="Changes the fields sent (`items` replaces the list). Allowed until the campaign goes "
                "live; any edit sends it back to `draft` and earlier checks no longer count. 409 names "
                "the current status when the campaign cannot be edited.",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def edit_campaign(campaign_id: CampaignId, body: CampaignPatch, uow: UowDep, _: Writer) -> CampaignOut:
    async with uow:
        campaign = await commands.edit(uow, str(campaign_id), body)
        out = await campaign_out(uow, campaign)
        await uow.commit()
    return out
