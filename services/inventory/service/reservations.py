"""Reservations for checkout: reserve all or nothing, commit (ship), release, expire.

Reserving and releasing change what is available but not what is on hand, so they publish the
threshold crossings they cause and no `stock.changed`; committing ships the goods, which is a
ledger movement (`shipment`) and publishes `stock.changed` per warehouse line.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from services.inventory import domain
from services.inventory.repository import catalog, reservations, stock
from services.inventory.repository.catalog import ItemRow
from services.inventory.repository.reservations import Reservation, ReservationLine
from services.inventory.service.stock import move_stock, publish_crossings
from shared.errors import Conflict, NotFound
from shared.uow import UnitOfWork


async def reserve(
    uow: UnitOfWork, order_ref: str, lines: list[tuple[str, int]], ttl_seconds: int
) -> tuple[Reservation, bool]:
    """The new reservation and True, or the existing one for this order_ref and False."""
    now = datetime.now(UTC)
    reservation_id = str(uuid.uuid4())
    # Claiming the order_ref first makes a concurrent duplicate wait for this transaction and
    # then find the reservation instead of failing on the unique constraint.
    expires_at = now + timedelta(seconds=ttl_seconds)
    if not await reservations.claim(uow, reservation_id, order_ref, now, expires_at):
        existing = await reservations.find_by_order_ref(uow, order_ref)
        if existing is None:
            raise Conflict(f"Order {order_ref} is being reserved right now; retry.")
        return _as_seen(existing, now), False
    requested = domain.merge_lines(lines)
    locked = await catalog.require_items(uow, requested)
    allocated = domain.allocate_all(requested, await stock.available_by_warehouse(uow, requested))
    for line in allocated:
        await stock.change_reserved(uow, line.sku, line.warehouse, line.qty)
    await reservations.add_lines(uow, reservation_id, allocated)
    await publish_crossings(uow, locked)
    return await get(uow, reservation_id), True


async def refuse_when_short(uow: UnitOfWork, order_ref: str, lines: list[tuple[str, int]]) -> None:
    """In a read-only unit of work, before any lock: a reservation that the stock already cannot
    cover is refused at once (409, as `reserve` would), so the losers of a storm never queue for
    the row locks. A repeated order_ref or an unknown SKU is left to `reserve` (200, 404)."""
    if await reservations.find_by_order_ref(uow, order_ref) is not None:
        return
    requested = domain.merge_lines(lines)
    if len(await catalog.items_of(uow, list(requested))) < len(requested):
        return
    domain.allocate_all(requested, await stock.available_by_warehouse(uow, requested))


async def get(uow: UnitOfWork, reservation_id: str) -> Reservation:
    found = await reservations.get(uow, reservation_id)
    if found is None:
        raise NotFound(f"No reservation {reservation_id}.")
    return _as_seen(found, datetime.now(UTC))


def _as_seen(reservation: Reservation, now: datetime) -> Reservation:
    """An active reservation past `expires_at` reads `expired` at once; the sweeper releases its
    units (and stores the status) shortly after."""
    return replace(reservation, status=domain.status_as_seen(reservation.status, reservation.expires_at, now))


async def commit(uow: UnitOfWork, reservation_id: str) -> Reservation:
    """Goods shipped: on hand and reserved both drop by a `shipment` movement per line."""
    lines, _ = await _lock_active(uow, reservation_id, "commit")
    for line in lines:
        await move_stock(uow, line.sku, line.warehouse, -line.qty, "shipment", reservation_id,
                         reserved_delta=-line.qty)
    return await _close(uow, reservation_id, "committed")


async def release(uow: UnitOfWork, reservation_id: str, status: str = "released") -> Reservation:
    """Give the reserved units back to what is available."""
    lines, locked = await _lock_active(uow, reservation_id, "release")
    for line in lines:
        await stock.change_reserved(uow, line.sku, line.warehouse, -line.qty)
    await publish_crossings(uow, locked)
    return await _close(uow, reservation_id, status)


async def expired_ids(uow: UnitOfWork, limit: int) -> list[str]:
    """Up to `limit` active reservations whose time is up."""
    return await reservations.expired_ids(uow, datetime.now(UTC), limit)


async def expire(uow: UnitOfWork, reservation_id: str) -> bool:
    """Release an expired reservation; False when checkout committed or released it first."""
    try:
        await release(uow, reservation_id, status="expired")
    except Conflict:
        return False
    return True


async def _lock_active(
    uow: UnitOfWork, reservation_id: str, action: str
) -> tuple[list[ReservationLine], dict[str, ItemRow]]:
    """The lines of an active reservation, with the items of its SKUs locked."""
    lines = await reservations.lines_of(uow, reservation_id)
    locked = await catalog.lock_items(uow, [line.sku for line in lines])
    state = await reservations.state_of(uow, reservation_id)
    if state is None:
        raise NotFound(f"No reservation {reservation_id}.")
    domain.ensure_active(state.status, state.expires_at, action, datetime.now(UTC))
    return lines, locked


async def _close(uow: UnitOfWork, reservation_id: str, status: str) -> Reservation:
    await reservations.close(uow, reservation_id, status, datetime.now(UTC))
    return await get(uow, reservation_id)
