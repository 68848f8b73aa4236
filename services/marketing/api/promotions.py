"""Promotions: the storefront's view of live campaigns for one SKU."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.marketing import repository
from services.marketing.api.common import Reader
from services.marketing.schemas import SKU_PATTERN, PromotionOut, PromotionsOut
from shared.http.deps import ReadUowDep
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1/promotions", tags=["promotions"])


@router.get(
    "", response_model=PromotionsOut, summary="Live promotions of a SKU",
    description="Live campaigns that include the SKU, with its discount and the campaign's end, "
                "soonest ending first. A storefront hot path: one indexed query.",
    responses=problem_responses(401, 422),
)
async def promotions(
    uow: ReadUowDep, _: Reader,
    sku: Annotated[str, Query(pattern=SKU_PATTERN, description="The SKU shown to the shopper.")],
) -> PromotionsOut:
    async with uow:
        rows = await repository.live_promotions(uow, sku)
    return PromotionsOut(items=[PromotionOut(**row) for row in rows])
