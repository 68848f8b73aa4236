"""Reservations for checkout."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from services.inventory.api.deps import Checkout, ReadUow, WriteUow
from services.inventory.schemas import Reservation, ReservationIn
from services.inventory.service import reservations
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1/reservations", tags=["reservations"])

ReservationId = Annotated[
    str, Path(pattern=r"^[0-9a-fA-F-]{1,36}$", description="The reservation id (a UUID).")
]


@router.post(
    "", status_code=201, response_model=Reservation, summary="Reserve stock for an order",
    description="Reserves every line or nothing: a shortfall is a 409 whose `shortages` list each "
    "short SKU with what is available. Each line goes to the one warehouse with most available that "
    "can serve it whole, otherwise it is split, most available first. The same `order_ref` again "
    "returns the existing reservation with 200. Unreleased reservations expire after `ttl_seconds`. "
    "Roles: storefront, inventory, admin.",
    responses={200: {"description": "The existing reservation of this order.", "model": Reservation},
               **problem_responses(401, 403, 404, 409, 422)},
)
async def create_reservation(
    body: ReservationIn, read: ReadUow, uow: WriteUow, _: Checkout, response: Response
) -> Reservation:
    lines = [(line.sku, line.qty) for line in body.lines]
    async with read:
        await reservations.refuse_when_short(read, body.order_ref, lines)
    async with uow:
        found, created = await reservations.reserve(uow, body.order_ref, lines, body.ttl_seconds)
        await uow.commit()
    response.status_code = 201 if created else 200
    return Reservation.model_validate(found, from_attributes=True)


@router.get(
    "/{reservation_id}", response_model=Reservation, summary="Get a reservation",
    description="A reservation with its allocated lines. Roles: storefront, inventory, admin.",
    responses=problem_responses(401, 403, 404, 422),
)
async def get_reservation(reservation_id: ReservationId, uow: ReadUow, _: Checkout) -> Reservation:
    async with uow:
        found = await reservations.get(uow, reservation_id)
    return Reservation.model_validate(found, from_attributes=True)


@router.post(
    "/{reservation_id}/commit", response_model=Reservation, summary="Commit a reservation (shipped)",
    description="The goods left the warehouse: on hand and reserved both drop and a `shipment` "
    "movement is recorded per line. Only an active, unexpired reservation can be committed (409). "
    "Roles: storefront, inventory, admin.",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def commit_reservation(reservation_id: ReservationId, uow: WriteUow, _: Checkout) -> Reservation:
    async with uow:
        found = await reservations.commit(uow, reservation_id)
        await uow.commit()
    return Reservation.model_validate(found, from_attributes=True)


@router.post(
    "/{reservation_id}/release", response_model=Reservation, summary="Release a reservation",
    description="Gives the reserved units back to what is available. Only an active reservation "
    "can be released (409). Roles: storefront, inventory, admin.",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def release_reservation(reservation_id: ReservationId, uow: WriteUow, _: Checkout) -> Reservation:
    async with uow:
        found = await reservations.release(uow, reservation_id)
        await uow.commit()
    return Reservation.model_validate(found, from_attributes=True)
