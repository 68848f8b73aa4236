"""Promotions: the storefront's view of live campaigns for one SKU."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from services.marketing.api.deps import Reader
from services.marketing.schemas import SKU_PATTERN, PromotionsOut
from services.marketing.service import PromotionReader
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1/promotions", tags=["promotions"])


@router.get(
    "", response_model=PromotionsOut, summary="Live promotions of a SKU",
    description="Campaigns running now that include the SKU (live, or scheduled and past their "
                "start), with its discount and the campaign's end, soonest ending first. A storefront "
                "hot path: answered from a per-process cache that every change to a campaign clears "
                "and that expires at the next start or end.",
    responses=problem_responses(401, 422),
)
async def promotions(
    request: Request, _: Reader,
    sku: Annotated[str, Query(pattern=SKU_PATTERN, description="The SKU shown to the shopper.")],
) -> Response:
    # The body is the cached JSON bytes, not passed through the response model again: the largest
    # costs of this hot path were the database round trip and serialisation (docs/performance.md).
    # No ReadUow and the reader taken from the app state: no dependency more than needed on a hot
    # path; the reader opens its own read-only unit of work on a miss.
    reader: PromotionReader = request.app.state.promotion_reader
    return Response(await reader.promotions_json(sku), media_type="application/json")
