"""What a marketing manager reads about one campaign: its readiness and its timeline."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from services.marketing import commands, repository
from services.marketing.api.common import CampaignId, Reader
from services.marketing.schemas import (
    AdvisoryOut,
    ChecksOut,
    ContentCheckOut,
    InventoryCheckOut,
    ReadinessOut,
    TimelineEntryOut,
)
from shared.http.deps import ReadUowDep
from shared.http.pagination import Cursor, Limit, Page, decode_cursor, page_of
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1/campaigns/{campaign_id}", tags=["campaign views"])


def _inventory_check(row: dict[str, Any] | None) -> InventoryCheckOut:
    if row is None:
        return InventoryCheckOut(status="pending")
    payload = row["payload"] or {}
    return InventoryCheckOut(
        status=row["status"], received_at=row["received_at"], items=payload.get("items", [])
    )


def _content_check(row: dict[str, Any] | None) -> ContentCheckOut:
    if row is None:
        return ContentCheckOut(status="pending")
    payload = row["payload"] or {}
    return ContentCheckOut(
        status=row["status"], received_at=row["received_at"], pages=payload.get("pages", []),
        missing_product_pages=payload.get("missing_product_pages", []),
    )


@router.get(
    "/readiness", response_model=ReadinessOut, summary="Launch readiness",
    description="The verdict of the current launch request (`checking`, `ready`, `at_risk`, "
                "`blocked`) with reasons in plain words, what inventory and content answered (each "
                "`pending` until it arrives), and whether support has published an advisory.",
    responses=problem_responses(401, 404, 422),
)
async def readiness(campaign_id: CampaignId, uow: ReadUowDep, _: Reader) -> ReadinessOut:
    async with uow:
        campaign = await commands.get_campaign(uow, str(campaign_id), lock=False)
        request_id = campaign["request_id"]
        checks = await repository.checks_of(uow, campaign.id, request_id) if request_id else {}
        advisory = await repository.latest_advisory(uow, campaign.id)
    return ReadinessOut(
        campaign_id=campaign.id, request_id=request_id, readiness=campaign["readiness"],
        reasons=campaign["reasons"],
        checks=ChecksOut(inventory=_inventory_check(checks.get("inventory")),
                         content=_content_check(checks.get("content"))),
        advisory=AdvisoryOut(known=True, **{k: advisory[k] for k in ("advisory_id", "severity", "title")})
        if advisory else AdvisoryOut(known=False),
    )


@router.get(
    "/timeline", response_model=Page[TimelineEntryOut], summary="Campaign timeline",
    description="Everything that happened to the campaign across teams, oldest first: its own "
                "events, every check answer (late ones too), advisory and live-guard signal, each "
                "with the team it came from, for the post-mortem.",
    responses=problem_responses(401, 404, 422),
)
async def timeline(
    campaign_id: CampaignId, uow: ReadUowDep, _: Reader, limit: Limit = 50, cursor: Cursor = None
) -> Page[TimelineEntryOut]:
    after = decode_cursor(cursor, 1)
    after_id = after[0] if after and isinstance(after[0], int) and 0 <= after[0] < 2**62 else 0
    async with uow:
        campaign = await commands.get_campaign(uow, str(campaign_id), lock=False)
        rows = await repository.timeline_of(uow, campaign.id, limit, after_id)
    page, next_cursor = page_of(rows, limit, lambda row: [row["id"]])
    return Page[TimelineEntryOut](items=[TimelineEntryOut(**row) for row in page], next_cursor=next_cursor)
