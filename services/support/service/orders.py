"""The order view: kept from inventory's fulfilment events, read by agents and the storefront,
and shown in the tickets about an order."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from services.support.domain.orders import (
    DELAYED_PRIORITY,
    OrderState,
    OrderStatus,
    OrderView,
    TicketView,
    delay_cleared_step,
    delay_step,
    in_time_order,
    status_step,
    supersedes,
)
from services.support.domain.tickets import Ticket
from services.support.repository import orders as store
from services.support.service.delay_clusters import ClusterRules, review_clusters
from shared.errors import NotFound
from shared.events.payloads import inventory
from shared.uow import UnitOfWork


async def fulfilment_status_changed(uow: UnitOfWork, data: inventory.FulfilmentStatusChanged) -> None:
    """Record the step; the order's status follows the latest report."""
    now = datetime.now(UTC)
    await store.add_journey_step(uow, data.order_ref, data.occurred_at, status_step(
        data.status, data.warehouse, data.carrier, data.tracking_number))
    stored = await store.get_order(uow, data.order_ref, lock=True)
    if not supersedes(stored.status_at if stored else None, data.occurred_at):
        return
    state = OrderState(
        order_ref=data.order_ref, fulfilment_id=data.fulfilment_id, warehouse=data.warehouse,
        status=data.status, carrier=data.carrier, tracking_number=data.tracking_number,
        tracking_url=data.tracking_url, ship_by=data.ship_by, deliver_by=data.deliver_by,
        status_at=data.occurred_at, updated_at=now,
    )
    if stored is not None and stored.fulfilment_id == data.fulfilment_id:
        # Later reports may leave out what earlier ones said (e.g. the carrier of a scan).
        state = replace(state, carrier=data.carrier or stored.carrier,
                        tracking_number=data.tracking_number or stored.tracking_number,
                        tracking_url=data.tracking_url or stored.tracking_url)
    await store.save_order(uow, state, new=stored is None)


async def fulfilment_delayed(uow: UnitOfWork, data: inventory.FulfilmentDelayed, rules: ClusterRules) -> None:
    """Open the delay, raise the order's "where is my order?" tickets, and review the clusters."""
    now = datetime.now(UTC)
    await store.open_delay(uow, data.fulfilment_id, data.reason, data.order_ref, data.warehouse,
                           data.carrier, data.since)
    await store.add_journey_step(uow, data.order_ref, data.since, delay_step(data.reason))
    await store.raise_priority_of_wismo_tickets(uow, data.order_ref, DELAYED_PRIORITY, now)
    await review_clusters(uow, rules, data.warehouse, data.carrier, now)


async def delay_cleared(uow: UnitOfWork, data: inventory.FulfilmentDelayCleared, rules: ClusterRules) -> None:
    now = datetime.now(UTC)
    counted_for = await store.close_delay(uow, data.fulfilment_id, data.reason, now)
    await store.add_journey_step(uow, data.order_ref, now, delay_cleared_step(data.reason))
    if counted_for is not None:
        warehouse, carrier = counted_for
        await review_clusters(uow, rules, warehouse, carrier, now)


async def order_statuses(uow: UnitOfWork, order_refs: list[str]) -> dict[str, OrderStatus]:
    known = await store.orders_by_ref(uow, sorted(set(order_refs)))
    reasons = await store.delay_reasons(uow, list(known))
    return {ref: OrderStatus(state, reasons.get(ref, [])) for ref, state in known.items()}


async def read_order(uow: UnitOfWork, order_ref: str) -> OrderView:
    found = (await order_statuses(uow, [order_ref])).get(order_ref)
    if found is None:
        raise NotFound(f"No order {order_ref} is known: inventory has reported no fulfilment for it.")
    return OrderView(found, in_time_order(await store.journey(uow, order_ref)))


async def order_of(uow: UnitOfWork, order_ref: str | None) -> OrderStatus | None:
    if order_ref is None:
        return None
    return (await order_statuses(uow, [order_ref])).get(order_ref)


async def with_orders(uow: UnitOfWork, tickets: list[Ticket]) -> list[TicketView]:
    """The tickets with the current status of their orders."""
    statuses = await order_statuses(uow, [t.order_ref for t in tickets if t.order_ref is not None])
    return [TicketView(t, statuses.get(t.order_ref) if t.order_ref else None) for t in tickets]
