"""Queries of the order view: orders, their delays and journeys, and the tickets and returns
that belong to an order. They run inside a unit of work and never commit."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import distinct, func, select

from services.support.domain.delays import ClusterGroup
from services.support.domain.orders import (
    ORDER_STATUS_TOPIC,
    JourneyStep,
    OrderState,
    return_step,
    ticket_step,
)
from services.support.tables import (
    fulfilment_delays,
    order_journey,
    orders,
    return_lines,
    returns,
    tickets,
)
from shared.uow import UnitOfWork


async def get_order(uow: UnitOfWork, order_ref: str, lock: bool = False) -> OrderState | None:
    """The order; `lock` (writes only) holds its row until the transaction ends."""
    query = select(orders).where(orders.c.order_ref == order_ref)
    row = (await uow.execute(query.with_for_update() if lock else query)).mappings().first()
    return OrderState(**row) if row is not None else None


async def save_order(uow: UnitOfWork, state: OrderState, new: bool) -> None:
    if new:
        await uow.execute(orders.insert().values(**asdict(state)))
        return
    values = {k: v for k, v in asdict(state).items() if k != "order_ref"}
    await uow.execute(orders.update().where(orders.c.order_ref == state.order_ref).values(**values))


async def orders_by_ref(uow: UnitOfWork, order_refs: list[str]) -> dict[str, OrderState]:
    if not order_refs:
        return {}
    rows = (await uow.execute(select(orders).where(orders.c.order_ref.in_(order_refs)))).mappings().all()
    return {r["order_ref"]: OrderState(**r) for r in rows}


async def delay_reasons(uow: UnitOfWork, order_refs: list[str]) -> dict[str, list[str]]:
    """The open delay reasons of each order, sorted."""
    reasons: dict[str, list[str]] = defaultdict(list)
    if not order_refs:
        return reasons
    query = (select(fulfilment_delays.c.order_ref, fulfilment_delays.c.reason).distinct()
             .where(fulfilment_delays.c.order_ref.in_(order_refs), fulfilment_delays.c.active.is_(True))
             .order_by(fulfilment_delays.c.order_ref, fulfilment_delays.c.reason))
    for row in (await uow.execute(query)).all():
        reasons[row.order_ref].append(row.reason)
    return reasons


async def open_delay(
    uow: UnitOfWork, fulfilment_id: str, reason: str, order_ref: str, warehouse: str, carrier: str | None,
    since: datetime,
) -> None:
    """Record a delay reason as open (again, if it had cleared before)."""
    values = {"order_ref": order_ref, "warehouse": warehouse, "carrier": carrier, "since": since,
              "active": True, "cleared_at": None}
    key = {"fulfilment_id": fulfilment_id, "reason": reason}
    if not await uow.insert_ignoring_duplicates(fulfilment_delays, {**key, **values}):
        await uow.execute(fulfilment_delays.update().where(
            fulfilment_delays.c.fulfilment_id == fulfilment_id, fulfilment_delays.c.reason == reason,
        ).values(**values))


async def close_delay(
    uow: UnitOfWork, fulfilment_id: str, reason: str, at: datetime
) -> tuple[str, str | None] | None:
    """Mark an open delay reason cleared; the (warehouse, carrier) it counted for, or None when
    it was not open."""
    query = select(fulfilment_delays.c.warehouse, fulfilment_delays.c.carrier).where(
        fulfilment_delays.c.fulfilment_id == fulfilment_id, fulfilment_delays.c.reason == reason,
        fulfilment_delays.c.active.is_(True),
    ).with_for_update()
    row = (await uow.execute(query)).first()
    if row is None:
        return None
    await uow.execute(fulfilment_delays.update().where(
        fulfilment_delays.c.fulfilment_id == fulfilment_id, fulfilment_delays.c.reason == reason,
    ).values(active=False, cleared_at=at))
    return row.warehouse, row.carrier


async def count_delayed(uow: UnitOfWork, group: ClusterGroup, name: str, since: datetime) -> int:
    """Fulfilments of one warehouse or carrier with a delay that is open and began after `since`."""
    column = fulfilment_delays.c.warehouse if group == "warehouse" else fulfilment_delays.c.carrier
    query = select(func.count(distinct(fulfilment_delays.c.fulfilment_id))).where(
        column == name, fulfilment_delays.c.active.is_(True), fulfilment_delays.c.since >= since,
    )
    return int((await uow.execute(query)).scalar_one())


async def raise_priority_of_wismo_tickets(
    uow: UnitOfWork, order_ref: str, priority: str, at: datetime
) -> int:
    """Raise the open "where is my order?" tickets of an order that are below `priority`."""
    result = await uow.execute(tickets.update().where(
        tickets.c.order_ref == order_ref, tickets.c.topic == ORDER_STATUS_TOPIC,
        tickets.c.status.in_(("open", "pending")), tickets.c.priority.in_(("low", "normal")),
    ).values(priority=priority, updated_at=at))
    return int(result.rowcount)


async def add_journey_step(uow: UnitOfWork, order_ref: str, at: datetime, what: str) -> None:
    await uow.execute(order_journey.insert().values(
        id=str(uuid.uuid4()), order_ref=order_ref, at=at, what=what))


async def journey(uow: UnitOfWork, order_ref: str) -> list[JourneyStep]:
    """The order's fulfilment steps, tickets and returns (unsorted across the three)."""
    steps = [JourneyStep(r.at, "fulfilment", r.what) for r in (await uow.execute(
        select(order_journey.c.at, order_journey.c.what).where(order_journey.c.order_ref == order_ref)
        .order_by(order_journey.c.at, order_journey.c.id))).all()]
    steps += [JourneyStep(r.created_at, "ticket", ticket_step(r.channel, r.subject, r.status))
              for r in (await uow.execute(
                  select(tickets.c.created_at, tickets.c.channel, tickets.c.subject, tickets.c.status)
                  .where(tickets.c.order_ref == order_ref))).all()]
    found = (await uow.execute(select(returns.c.id, returns.c.created_at, returns.c.status)
                               .where(returns.c.order_ref == order_ref))).all()
    lines: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    if found:
        for line in (await uow.execute(
            select(return_lines.c.return_id, return_lines.c.sku, return_lines.c.requested_qty,
                   return_lines.c.reason)
            .where(return_lines.c.return_id.in_([r.id for r in found])).order_by(return_lines.c.sku)
        )).all():
            lines[line.return_id].append((line.sku, line.requested_qty, line.reason))
    steps += [JourneyStep(r.created_at, "return", return_step(lines[r.id], r.status)) for r in found]
    return steps
