"""Fulfilments: from the pick to the delivery of an order shipment."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from services.inventory.api.deps import Checkout, FulfilmentReader, ReadUow, Writer, WriteUow
from services.inventory.schemas import VISIBLE_ASCII, WAREHOUSE_PATTERN
from services.inventory.schemas.fulfilments import (
    CancelIn,
    ExceptionIn,
    Fulfilment,
    FulfilmentIn,
    FulfilmentStatus,
    PackIn,
    ShipIn,
)
from services.inventory.service import fulfilments
from services.inventory.service.fulfilments import NewFulfilment, Shipment
from shared.http.pagination import Cursor, Limit, Page, decode_keyset, page_of
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1/fulfilments", tags=["fulfilments"])

FulfilmentId = Annotated[
    str, Path(pattern=r"^[0-9a-fA-F-]{1,36}$", description="The fulfilment id (a UUID).")
]
TRANSITION_ERRORS = problem_responses(401, 403, 404, 409, 422)


def _out(found: fulfilments.Fulfilment) -> Fulfilment:
    return Fulfilment.model_validate({**asdict(found), "delayed": bool(found.delay_reasons)})


@router.post(
    "", status_code=201, response_model=Fulfilment, summary="Create the fulfilment of an order",
    description="Starts an order shipment at `awaiting_pick` from an active reservation (409 with "
    "the reservation's status otherwise). The warehouse is the reservation's; a reservation split "
    "across warehouses ships from the one holding most of its units. The same `order_ref` and "
    "`reservation_id` again return the existing fulfilment with 200. Publishes "
    "`fulfilment.status_changed`. Roles: storefront, inventory, admin.",
    responses={200: {"description": "The existing fulfilment.", "model": Fulfilment},
               **problem_responses(401, 403, 404, 409, 422)},
)
async def create_fulfilment(body: FulfilmentIn, uow: WriteUow, _: Checkout, response: Response) -> Fulfilment:
    async with uow:
        found, created = await fulfilments.create(uow, NewFulfilment(
            body.order_ref, body.reservation_id, body.ship_by, body.deliver_by, body.service_level))
        await uow.commit()
    response.status_code = 201 if created else 200
    return _out(found)


@router.get(
    "", response_model=Page[Fulfilment], summary="List fulfilments",
    description="Newest first, paginated, filtered by status, warehouse, order and whether a delay "
    "reason is open. Fulfilments hold no customer data. Roles: inventory, storefront, support, admin.",
    responses=problem_responses(401, 403, 422),
)
async def list_fulfilments(
    uow: ReadUow, _: FulfilmentReader, limit: Limit = 50, cursor: Cursor = None,
    status: FulfilmentStatus | None = None,
    warehouse: Annotated[str | None, Query(pattern=WAREHOUSE_PATTERN)] = None,
    delayed: bool | None = None,
    order_ref: Annotated[str | None, Query(max_length=100, pattern=VISIBLE_ASCII)] = None,
) -> Page[Fulfilment]:
    after = decode_keyset(cursor, datetime, str)
    wanted = fulfilments.FulfilmentFilter(status, warehouse, delayed, order_ref)
    async with uow:
        rows = await fulfilments.page(uow, wanted, None if after is None else (after[0], after[1]), limit + 1)
    page, next_cursor = page_of(rows, limit, lambda row: [row.created_at, row.id])
    return Page[Fulfilment](items=[_out(row) for row in page], next_cursor=next_cursor)


@router.get(
    "/{fulfilment_id}", response_model=Fulfilment, summary="Get a fulfilment",
    description="Status, carrier, tracking and open delay reasons. "
    "Roles: inventory, storefront, support, admin.",
    responses=problem_responses(401, 403, 404, 422),
)
async def get_fulfilment(fulfilment_id: FulfilmentId, uow: ReadUow, _: FulfilmentReader) -> Fulfilment:
    async with uow:
        return _out(await fulfilments.get(uow, fulfilment_id))


@router.post(
    "/{fulfilment_id}/pick", response_model=Fulfilment, summary="Picked",
    description="`awaiting_pick` -> `picked`; any other status is a 409 naming it (`current_status`). "
    "Roles: inventory, admin.", responses=TRANSITION_ERRORS,
)
async def pick(fulfilment_id: FulfilmentId, uow: WriteUow, _: Writer) -> Fulfilment:
    async with uow:
        found = await fulfilments.pick(uow, fulfilment_id)
        await uow.commit()
    return _out(found)


@router.post(
    "/{fulfilment_id}/pack", response_model=Fulfilment, summary="Packed",
    description="`picked` -> `packed`, in 1 to 100 parcels. Roles: inventory, admin.",
    responses=TRANSITION_ERRORS,
)
async def pack(fulfilment_id: FulfilmentId, body: PackIn, uow: WriteUow, _: Writer) -> Fulfilment:
    async with uow:
        found = await fulfilments.pack(uow, fulfilment_id, body.packages)
        await uow.commit()
    return _out(found)


@router.post(
    "/{fulfilment_id}/ship", response_model=Fulfilment, summary="Shipped",
    description="`packed` -> `shipped`, handed to the carrier. Commits the reservation in the same "
    "transaction: on hand and reserved drop, a `shipment` movement per line, `stock.changed` "
    "events. A released, expired or committed reservation cannot ship (409, with "
    "`reservation_status`); neither can a tracking number the carrier already used for another "
    "fulfilment. Clears `not_shipped_in_time`. Roles: inventory, admin.",
    responses=TRANSITION_ERRORS,
)
async def ship(fulfilment_id: FulfilmentId, body: ShipIn, uow: WriteUow, _: Writer) -> Fulfilment:
    async with uow:
        found = await fulfilments.ship(uow, fulfilment_id, Shipment(body.carrier, body.tracking_number,
                                                                    body.tracking_url))
        await uow.commit()
    return _out(found)


@router.post(
    "/{fulfilment_id}/deliver", response_model=Fulfilment, summary="Delivered",
    description="Recorded by hand from shipped, in transit, out for delivery or exception; final. "
    "Clears every delay reason. Roles: inventory, admin.", responses=TRANSITION_ERRORS,
)
async def deliver(fulfilment_id: FulfilmentId, uow: WriteUow, _: Writer) -> Fulfilment:
    async with uow:
        found = await fulfilments.deliver(uow, fulfilment_id)
        await uow.commit()
    return _out(found)


@router.post(
    "/{fulfilment_id}/exception", response_model=Fulfilment, summary="Carrier exception",
    description="A parcel on its way is lost, damaged, undeliverable or coming back: status "
    "`exception` and the delay reason `carrier_exception` at once. Carrier scans older than this "
    "do not undo it. Roles: inventory, admin.", responses=TRANSITION_ERRORS,
)
async def record_exception(
    fulfilment_id: FulfilmentId, body: ExceptionIn, uow: WriteUow, _: Writer
) -> Fulfilment:
    async with uow:
        found = await fulfilments.record_exception(uow, fulfilment_id, body.kind, body.detail)
        await uow.commit()
    return _out(found)


@router.post(
    "/{fulfilment_id}/cancel", response_model=Fulfilment, summary="Cancel before shipping",
    description="Only before the parcel ships (409 after). The reservation is left as it is: "
    "whoever holds it releases it (or it expires). Clears every delay reason. Roles: inventory, admin.",
    responses=TRANSITION_ERRORS,
)
async def cancel(fulfilment_id: FulfilmentId, body: CancelIn, uow: WriteUow, _: Writer) -> Fulfilment:
    async with uow:
        found = await fulfilments.cancel(uow, fulfilment_id, body.reason)
        await uow.commit()
    return _out(found)
