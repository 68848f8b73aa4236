"""Reservations for checkout: reserve all or nothing, commit (ship), release, expire.

Reserving and releasing change what is available but not what is on hand, so they publish the
threshold crossings they cause and no `stock.changed`; committing ships the goods, which is a
ledger movement (`shipment`) and publishes `stock.changed` per warehouse line.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.inventory import domain, repository
from services.inventory.tables import reservation_lines, reservations
from shared.errors import Conflict, NotFound
from shared.uow import UnitOfWork


async def reserve(
    uow: UnitOfWork, order_ref: str, lines: list[tuple[str, int]], ttl_seconds: int
) -> tuple[dict[str, Any], bool]:
    """The new reservation and True, or the existing one for this order_ref and False."""
    now = datetime.now(UTC)
    reservation_id = str(uuid.uuid4())
    # Claiming the order_ref first makes a concurrent duplicate wait for this transaction and
    # then find the reservation instead of failing on the unique constraint.
    claimed = await uow.insert_ignoring_duplicates(reservations, {
        "id": reservation_id, "order_ref": order_ref, "status": "active", "created_at": now,
        "expires_at": now + timedelta(seconds=ttl_seconds), "closed_at": None,
    })
    if not claimed:
        existing = await find_by_order_ref(uow.connection, order_ref)
        if existing is None:
            raise Conflict(f"Order {order_ref} is being reserved right now; retry.")
        return existing, False
    requested = domain.merge_lines(lines)
    locked = await repository.require_items(uow, requested)
    available = await repository.available_by_warehouse(uow, requested)
    allocated, shortages = domain.allocate(requested, available)
    if shortages:
        listed = "; ".join(f"{s.sku}: {s.requested} requested, {s.available} available" for s in shortages)
        raise Conflict(
            f"Not enough stock, nothing was reserved. {listed}.",
            shortages=[{"sku": s.sku, "requested": s.requested, "available": s.available}
                       for s in shortages],
        )
    for line in allocated:
        await repository.change_reserved(uow, line.sku, line.warehouse, line.qty)
    await uow.execute(reservation_lines.insert(), [
        {"reservation_id": reservation_id, "sku": line.sku, "warehouse": line.warehouse, "qty": line.qty}
        for line in allocated
    ])
    await repository.publish_crossings(uow, locked)
    found = await get(uow.connection, reservation_id)
    assert found is not None
    return found, True


async def commit(uow: UnitOfWork, reservation_id: str) -> dict[str, Any]:
    """Goods shipped: on hand and reserved both drop by a `shipment` movement per line."""
    lines, _ = await _lock_active(uow, reservation_id, "commit")
    for line in lines:
        await repository.move_stock(uow, line.sku, line.warehouse, -line.qty, "shipment", reservation_id,
                                    reserved_delta=-line.qty)
    return await _close(uow, reservation_id, "committed")


async def release(uow: UnitOfWork, reservation_id: str, status: str = "released") -> dict[str, Any]:
    """Give the reserved units back to what is available."""
    lines, locked = await _lock_active(uow, reservation_id, "release")
    for line in lines:
        await repository.change_reserved(uow, line.sku, line.warehouse, -line.qty)
    await repository.publish_crossings(uow, locked)
    return await _close(uow, reservation_id, status)


async def _lock_active(
    uow: UnitOfWork, reservation_id: str, action: str
) -> tuple[list[Any], dict[str, Any]]:
    """The lines of an active reservation, with the items of its SKUs locked."""
    lines = (await uow.execute(
        select(reservation_lines).where(reservation_lines.c.reservation_id == reservation_id)
    )).all()
    locked = await repository.lock_items(uow, [line.sku for line in lines])
    status = (await uow.execute(
        select(reservations.c.status, reservations.c.expires_at).where(reservations.c.id == reservation_id)
    )).first()
    if status is None:
        raise NotFound(f"No reservation {reservation_id}.")
    if status.status != "active":
        raise Conflict(f"The reservation is {status.status}; only an active one can {action}.",
                       current_status=status.status)
    if action == "commit" and _aware(status.expires_at) <= datetime.now(UTC):
        raise Conflict("The reservation has expired; its units are being released. Reserve again.",
                       current_status="expired")
    return list(lines), locked


async def _close(uow: UnitOfWork, reservation_id: str, status: str) -> dict[str, Any]:
    await uow.execute(update(reservations).where(
        and_(reservations.c.id == reservation_id, reservations.c.status == "active")
    ).values(status=status, closed_at=datetime.now(UTC)))
    found = await get(uow.connection, reservation_id)
    assert found is not None
    return found


async def expired_ids(connection: AsyncConnection, limit: int) -> list[str]:
    statement = (
        select(reservations.c.id)
        .where(and_(reservations.c.status == "active", reservations.c.expires_at <= datetime.now(UTC)))
        .order_by(reservations.c.expires_at)
        .limit(limit)
    )
    return [row.id for row in (await connection.execute(statement)).all()]


async def get(connection: AsyncConnection, reservation_id: str) -> dict[str, Any] | None:
    return await _find(connection, reservations.c.id == reservation_id)


async def find_by_order_ref(connection: AsyncConnection, order_ref: str) -> dict[str, Any] | None:
    return await _find(connection, reservations.c.order_ref == order_ref)


async def _find(connection: AsyncConnection, condition: Any) -> dict[str, Any] | None:
    header = (await connection.execute(select(reservations).where(condition))).first()
    if header is None:
        return None
    lines = (await connection.execute(
        select(reservation_lines.c.sku, reservation_lines.c.warehouse, reservation_lines.c.qty)
        .where(reservation_lines.c.reservation_id == header.id)
        .order_by(reservation_lines.c.sku, reservation_lines.c.warehouse)
    )).all()
    return {
        "id": header.id, "order_ref": header.order_ref, "status": header.status,
        "lines": [{"sku": line.sku, "qty": line.qty, "warehouse": line.warehouse} for line in lines],
        "created_at": _aware(header.created_at), "expires_at": _aware(header.expires_at),
        "closed_at": _aware(header.closed_at) if header.closed_at else None,
    }


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; everything stored is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
