"""Campaign stock checks and the stock drift report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from services.inventory.api.deps import Reader, ReadUow, Writer
from services.inventory.schemas import VISIBLE_ASCII, CampaignCheck, DriftReport, DriftRow
from services.inventory.service import campaign_checks, stock
from shared.http.pagination import Cursor, Limit, decode_keyset, page_of
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1")

CampaignId = Annotated[
    str, Path(max_length=100, pattern=VISIBLE_ASCII, description="The campaign id.")
]


@router.get(
    "/campaign-checks/{campaign_id}", response_model=CampaignCheck, tags=["campaign checks"],
    summary="Latest stock check of a campaign",
    description="The latest answer to a launch request of this campaign: coverage, status and "
    "projected stock-out per SKU, and the overall verdict. Any authenticated role.",
    responses=problem_responses(401, 404, 422),
)
async def get_campaign_check(campaign_id: CampaignId, uow: ReadUow, _: Reader) -> CampaignCheck:
    async with uow:
        found = await campaign_checks.latest_check(uow, campaign_id)
    return CampaignCheck.model_validate(found, from_attributes=True)


@router.get(
    "/admin/stock-drift", response_model=DriftReport, tags=["admin"], summary="Stock drift report",
    description="Stock levels whose `reserved` differs from the sum of active reservations or whose "
    "`on_hand` differs from the sum of the ledger, by SKU and warehouse, paginated. Empty in a "
    "healthy system. Roles: inventory, admin.",
    responses=problem_responses(401, 403, 422),
)
async def stock_drift(uow: ReadUow, _: Writer, limit: Limit = 50, cursor: Cursor = None) -> DriftReport:
    after = decode_keyset(cursor, str, str)
    async with uow:
        rows = await stock.stock_drift(uow, None if after is None else (after[0], after[1]), limit + 1)
    page, next_cursor = page_of(rows, limit, lambda row: [row.sku, row.warehouse])
    return DriftReport(items=[DriftRow.model_validate(row, from_attributes=True) for row in page],
                       next_cursor=next_cursor)
