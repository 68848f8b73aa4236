"""Reservations and their allocated lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select, update

from services.inventory.domain import AllocatedLine
from services.inventory.tables import reservation_lines, reservations
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class ReservationLine:
    sku: str
    qty: int
    warehouse: str


@dataclass(frozen=True)
class Reservation:
    id: str
    order_ref: str
    status: str
    lines: list[ReservationLine]
    created_at: datetime
    expires_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class ReservationState:
    status: str
    expires_at: datetime


async def claim(
    uow: UnitOfWork, reservation_id: str, order_ref: str, created_at: datetime, expires_at: datetime
) -> bool:
    """Insert an active reservation for the order; False when the order_ref is already taken."""
    return await uow.insert_ignoring_duplicates(reservations, {
        "id": reservation_id, "order_ref": order_ref, "status": "active", "created_at": created_at,
        "expires_at": expires_at, "closed_at": None,
    })


async def add_lines(uow: UnitOfWork, reservation_id: str, lines: list[AllocatedLine]) -> None:
    await uow.execute(reservation_lines.insert(), [
        {"reservation_id": reservation_id, "sku": line.sku, "warehouse": line.warehouse, "qty": line.qty}
        for line in lines
    ])


async def lines_of(uow: UnitOfWork, reservation_id: str) -> list[ReservationLine]:
    rows = (await uow.execute(
        select(reservation_lines.c.sku, reservation_lines.c.warehouse, reservation_lines.c.qty)
        .where(reservation_lines.c.reservation_id == reservation_id)
        .order_by(reservation_lines.c.sku, reservation_lines.c.warehouse)
    )).all()
    return [ReservationLine(row.sku, row.qty, row.warehouse) for row in rows]


async def state_of(uow: UnitOfWork, reservation_id: str) -> ReservationState | None:
    row = (await uow.execute(
        select(reservations.c.status, reservations.c.expires_at).where(reservations.c.id == reservation_id)
    )).first()
    return None if row is None else ReservationState(row.status, row.expires_at)


async def close(uow: UnitOfWork, reservation_id: str, status: str, closed_at: datetime) -> None:
    """Close the reservation if it is still active."""
    await uow.execute(update(reservations).where(
        and_(reservations.c.id == reservation_id, reservations.c.status == "active")
    ).values(status=status, closed_at=closed_at))


async def expired_ids(uow: UnitOfWork, now: datetime, limit: int) -> list[str]:
    """Active reservations whose time is up, the longest expired first."""
    statement = (
        select(reservations.c.id)
        .where(and_(reservations.c.status == "active", reservations.c.expires_at <= now))
        .order_by(reservations.c.expires_at)
        .limit(limit)
    )
    return [row.id for row in (await uow.execute(statement)).all()]


async def get(uow: UnitOfWork, reservation_id: str) -> Reservation | None:
    return await _find(uow, reservations.c.id == reservation_id)


async def find_by_order_ref(uow: UnitOfWork, order_ref: str) -> Reservation | None:
    return await _find(uow, reservations.c.order_ref == order_ref)


async def _find(uow: UnitOfWork, condition: Any) -> Reservation | None:
    header = (await uow.execute(select(reservations).where(condition))).first()
    if header is None:
        return None
    return Reservation(header.id, header.order_ref, header.status, await lines_of(uow, header.id),
                       header.created_at, header.expires_at, header.closed_at)
