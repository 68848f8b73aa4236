"""The order view: where an order is, whether it is late, and everything that happened to it."""

from __future__ import annotations

from fastapi import APIRouter, Path

from services.support.api.deps import ReadUow, StorefrontOrSupport
from services.support.schemas import ORDER_REF_PATTERN, OrderOut
from services.support.service import orders as service
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1/orders", tags=["orders"])


@router.get(
    "/{order_ref}", response_model=OrderOut, summary="Read an order's shipment status and journey",
    description="Kept from inventory's fulfilment events: status, warehouse, carrier and tracking, the "
                "promised dates, whether it is delayed and why, and the journey (fulfilment events, the "
                "order's tickets and returns, oldest first). An order inventory has not reported is 404. "
                "Roles: storefront, support, admin.",
    responses=problem_responses(401, 403, 404, 422),
)
async def read_order(
    uow: ReadUow, _: StorefrontOrSupport,
    order_ref: str = Path(pattern=ORDER_REF_PATTERN, examples=["ORD-2026-0042"]),
) -> OrderOut:
    async with uow:
        found = await service.read_order(uow, order_ref)
    return OrderOut.of_view(found)
