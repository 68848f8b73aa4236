"""Fulfilments: one per order shipment, from the pick to the delivery.

Every status change publishes `inventory.fulfilment.status_changed.v1` (subject: the order_ref,
so an order's events keep their order) and clears the delay reasons it resolves. Shipping
commits the reservation in the same transaction. Cancelling a fulfilment that has not shipped
leaves its reservation as it is: the checkout that owns it releases it (or it expires).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from services.inventory.domain import fulfilments as rules
from services.inventory.repository import fulfilments
from services.inventory.repository import reservations as reservation_rows
from services.inventory.repository.fulfilments import Fulfilment, FulfilmentFilter
from services.inventory.service import delays, reservations
from shared.errors import Conflict, NotFound
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class NewFulfilment:
    order_ref: str
    reservation_id: str
    ship_by: datetime
    deliver_by: datetime | None
    service_level: str


@dataclass(frozen=True)
class Shipment:
    carrier: str
    tracking_number: str
    tracking_url: str | None


async def create(uow: UnitOfWork, new: NewFulfilment) -> tuple[Fulfilment, bool]:
    """The new fulfilment and True, or the existing one of this order and reservation and False."""
    reservation = await reservations.get(uow, new.reservation_id)
    existing = await _existing(uow, new)
    if existing is not None:
        return existing, False
    if reservation.status != "active":
        raise Conflict(f"Reservation {reservation.id} is {reservation.status}; only an active "
                       "reservation can be fulfilled.", current_status=reservation.status)
    units: dict[str, int] = {}
    for line in reservation.lines:
        units[line.warehouse] = units.get(line.warehouse, 0) + line.qty
    now = datetime.now(UTC)
    fulfilment_id = str(uuid.uuid4())
    claimed = await fulfilments.claim(uow, {
        "id": fulfilment_id, "order_ref": new.order_ref, "reservation_id": new.reservation_id,
        "warehouse": rules.fulfilling_warehouse(units), "status": "awaiting_pick",
        "service_level": new.service_level, "ship_by": new.ship_by, "deliver_by": new.deliver_by,
        "created_at": now, "updated_at": now,
    })
    if not claimed:  # a concurrent request of the same reservation won the race
        existing = await _existing(uow, new)
        if existing is None:
            raise Conflict(f"Reservation {new.reservation_id} is being fulfilled right now; retry.")
        return existing, False
    created = await get(uow, fulfilment_id)
    await publish_status(uow, created, now)
    return created, True


async def get(uow: UnitOfWork, fulfilment_id: str) -> Fulfilment:
    found = await fulfilments.get(uow, fulfilment_id)
    if found is None:
        raise NotFound(f"No fulfilment {fulfilment_id}.")
    return found


async def page(
    uow: UnitOfWork, wanted: FulfilmentFilter, after: tuple[datetime, str] | None, limit: int
) -> list[Fulfilment]:
    return await fulfilments.page(uow, wanted, after, limit)


async def pick(uow: UnitOfWork, fulfilment_id: str) -> Fulfilment:
    return await _act(uow, fulfilment_id, "pick")


async def pack(uow: UnitOfWork, fulfilment_id: str, packages: int) -> Fulfilment:
    return await _act(uow, fulfilment_id, "pack", packages=packages)


async def ship(uow: UnitOfWork, fulfilment_id: str, shipment: Shipment) -> Fulfilment:
    """The goods leave: the reservation is committed (on hand and reserved drop, a `shipment`
    movement per line) in this same transaction."""
    current = await _locked(uow, fulfilment_id)
    rules.transition(current.status, "ship")
    reservation = await reservations.get(uow, current.reservation_id)
    if reservation.status != "active":
        raise Conflict(f"Reservation {reservation.id} of this fulfilment is {reservation.status}; "
                       "goods without an active reservation cannot ship. Reserve again and create a "
                       "new fulfilment.", current_status=current.status,
                       reservation_status=reservation.status)
    if await fulfilments.tracking_taken(uow, shipment.carrier, shipment.tracking_number):
        raise Conflict(f"Tracking number {shipment.tracking_number} of {shipment.carrier} is already "
                       "used by another fulfilment.", current_status=current.status)
    await reservations.commit(uow, current.reservation_id)
    now = datetime.now(UTC)
    return await _act(uow, fulfilment_id, "ship", now, carrier=shipment.carrier,
                      tracking_number=shipment.tracking_number, tracking_url=shipment.tracking_url,
                      shipped_at=now)


async def deliver(uow: UnitOfWork, fulfilment_id: str) -> Fulfilment:
    now = datetime.now(UTC)
    return await _act(uow, fulfilment_id, "deliver", now, delivered_at=now)


async def record_exception(uow: UnitOfWork, fulfilment_id: str, kind: str, detail: str | None) -> Fulfilment:
    now = datetime.now(UTC)
    return await _act(uow, fulfilment_id, "exception", now, exception_kind=kind,
                      exception_detail=detail, exception_at=now)


async def cancel(uow: UnitOfWork, fulfilment_id: str, reason: str) -> Fulfilment:
    return await _act(uow, fulfilment_id, "cancel", cancel_reason=reason)


async def change_status(
    uow: UnitOfWork, current: Fulfilment, status: str, occurred_at: datetime, **values: Any
) -> Fulfilment:
    """Store a new status of a locked fulfilment, publish it, clear what it resolves and raise a
    carrier exception at once."""
    await fulfilments.change(uow, current.id, status=status, updated_at=datetime.now(UTC), **values)
    changed = await get(uow, current.id)
    await publish_status(uow, changed, occurred_at)
    await delays.clear(uow, changed, rules.cleared_by_status(status))
    if status == "exception":
        await delays.open_reason(uow, changed, "carrier_exception", occurred_at)
    return await get(uow, current.id)


async def publish_status(uow: UnitOfWork, fulfilment: Fulfilment, occurred_at: datetime) -> None:
    """The parcel's lines go with it (support counts a parcel damaged in transit as damaged
    returned lines), and an exception's kind."""
    units: dict[str, int] = {}
    for line in await reservation_rows.lines_of(uow, fulfilment.reservation_id):
        units[line.sku] = units.get(line.sku, 0) + line.qty
    uow.publish("inventory.fulfilment.status_changed.v1", fulfilment.order_ref, {
        "fulfilment_id": fulfilment.id, "order_ref": fulfilment.order_ref,
        "warehouse": fulfilment.warehouse, "status": fulfilment.status, "carrier": fulfilment.carrier,
        "tracking_number": fulfilment.tracking_number, "tracking_url": fulfilment.tracking_url,
        "ship_by": fulfilment.ship_by, "deliver_by": fulfilment.deliver_by,
        "occurred_at": occurred_at,
        "lines": [{"sku": sku, "qty": qty} for sku, qty in sorted(units.items())],
        "exception_kind": fulfilment.exception_kind if fulfilment.status == "exception" else None,
    })


async def _act(
    uow: UnitOfWork, fulfilment_id: str, action: rules.Action, now: datetime | None = None,
    **values: Any,
) -> Fulfilment:
    current = await _locked(uow, fulfilment_id)
    status = rules.transition(current.status, action)
    return await change_status(uow, current, status, now or datetime.now(UTC), **values)


async def _locked(uow: UnitOfWork, fulfilment_id: str) -> Fulfilment:
    found = await fulfilments.get(uow, fulfilment_id, lock=True)
    if found is None:
        raise NotFound(f"No fulfilment {fulfilment_id}.")
    return found


async def _existing(uow: UnitOfWork, new: NewFulfilment) -> Fulfilment | None:
    """The fulfilment of this reservation if it is this order's; another order's is a 409."""
    existing = await fulfilments.of_reservation(uow, new.reservation_id)
    if existing is not None and existing.order_ref != new.order_ref:
        raise Conflict(f"Reservation {new.reservation_id} is already fulfilled for order "
                       f"{existing.order_ref} (fulfilment {existing.id}).", fulfilment_id=existing.id)
    return existing
