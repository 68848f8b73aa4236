"""Promotions: the storefront's view of live campaigns for one SKU."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.marketing.api.deps import Promotions, Reader
from services.marketing.schemas import SKU_PATTERN, PromotionsOut
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1/promotions", tags=["promotions"])


@router.get(
    "", response_model=PromotionsOut, summary="Live promotions of a SKU",
    description="Live campaigns that include the SKU, with its discount and the campaign's end, "
                "soonest ending first. A storefront hot path: one indexed query.",
    responses=problem_responses(401, 422),
)
async def promotions(
    reader: Promotions, _: Reader,
    sku: Annotated[str, Query(pattern=SKU_PATTERN, description="The SKU shown to the shopper.")],
) -> Response:
    # The reader answers from its own pool on PostgreSQL (a read-only unit of work on SQLite), and
    # the body is serialised in one step rather than through the response model: the two largest
    # costs of this hot path (see docs/performance.md).
    rows = await reader.live_promotions(sku)
    body = PromotionsOut.model_validate({"items": rows}).model_dump_json()
    return Response(body, media_type="application/json")
