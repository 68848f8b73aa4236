"""The order view: an order's shipment state, its journey, and what an agent can tell a customer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from services.support.domain.advisories import when
from services.support.domain.tickets import Ticket

# Tickets on this topic are "where is my order?" contacts.
ORDER_STATUS_TOPIC = "order_status"
PRIORITY_RANK: dict[str, int] = {"low": 0, "normal": 1, "high": 2, "urgent": 3}
DELAYED_PRIORITY = "high"
JourneySource = Literal["fulfilment", "ticket", "return"]

STATUS_WORDS: dict[str, str] = {
    "awaiting_pick": "has been received and is waiting to be picked in our warehouse",
    "picked": "has been picked in our warehouse and is being packed",
    "packed": "is packed and ready to be handed to the carrier",
    "shipped": "has left our warehouse",
    "in_transit": "is on its way",
    "out_for_delivery": "is out for delivery",
    "delivered": "has been delivered",
    "exception": "has met a problem on its way, which we are looking into",
    "cancelled": "has been cancelled",
}
BEFORE_SHIPPING = frozenset({"awaiting_pick", "picked", "packed"})
DONE = frozenset({"delivered", "cancelled"})
REASON_WORDS: dict[str, str] = {
    "not_shipped_in_time": "not shipped in time",
    "no_carrier_scan": "no carrier scan for too long",
    "late_delivery": "not delivered by the promised date",
    "carrier_exception": "the carrier reported a problem",
}


@dataclass(frozen=True)
class OrderState:
    """The latest known state of an order's shipment, as inventory reported it."""

    order_ref: str
    fulfilment_id: str
    warehouse: str
    status: str
    carrier: str | None
    tracking_number: str | None
    tracking_url: str | None
    ship_by: datetime
    deliver_by: datetime | None
    status_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class OrderStatus:
    """What a ticket shows of its order: the state and whether it is late, and why."""

    state: OrderState
    delay_reasons: list[str]

    @property
    def delayed(self) -> bool:
        return bool(self.delay_reasons)


@dataclass(frozen=True)
class JourneyStep:
    at: datetime
    source: JourneySource
    what: str


@dataclass(frozen=True)
class OrderView:
    status: OrderStatus
    journey: list[JourneyStep]


@dataclass(frozen=True)
class TicketView:
    """A ticket with its order's current status (None without an order or one support knows)."""

    ticket: Ticket
    order: OrderStatus | None

    @property
    def suggested_reply(self) -> str | None:
        if self.ticket.topic != ORDER_STATUS_TOPIC or self.order is None:
            return None
        return suggested_reply(self.order)


def supersedes(stored_at: datetime | None, occurred_at: datetime) -> bool:
    """A status report replaces the stored one unless it happened before it."""
    return stored_at is None or occurred_at >= stored_at


def status_step(status: str, warehouse: str, carrier: str | None, tracking_number: str | None) -> str:
    words = {
        "awaiting_pick": f"Order accepted by warehouse {warehouse}, waiting to be picked",
        "picked": f"Picked at warehouse {warehouse}",
        "packed": f"Packed at warehouse {warehouse}",
        "shipped": f"Shipped from warehouse {warehouse}",
        "in_transit": "In transit",
        "out_for_delivery": "Out for delivery",
        "delivered": "Delivered",
        "exception": "Carrier exception",
        "cancelled": "Cancelled",
    }[status]
    if carrier is not None and status not in BEFORE_SHIPPING | {"cancelled"}:
        words += f" ({carrier}" + (f", tracking {tracking_number})" if tracking_number else ")")
    return words


def delay_step(reason: str) -> str:
    return f"Delayed: {REASON_WORDS.get(reason, reason)}"


def delay_cleared_step(reason: str) -> str:
    return f"Delay resolved: {REASON_WORDS.get(reason, reason)}"


def ticket_step(channel: str, subject: str, status: str) -> str:
    return f"Ticket by {channel}: “{subject}” ({status})"


def return_step(lines: list[tuple[str, int, str]], status: str) -> str:
    what = ", ".join(f"{qty} x {sku} ({reason.replace('_', ' ')})" for sku, qty, reason in lines)
    return f"Return requested: {what} ({status})"


def in_time_order(steps: list[JourneyStep]) -> list[JourneyStep]:
    order = {"fulfilment": 0, "return": 1, "ticket": 2}
    return sorted(steps, key=lambda s: (s.at, order[s.source]))


def suggested_reply(order: OrderStatus) -> str | None:
    """A reply an agent can send about an order that is on time; None for a delayed one."""
    if order.delayed:
        return None
    state = order.state
    parts = [f"Thank you for getting in touch. Your order {state.order_ref} {STATUS_WORDS[state.status]}."]
    if state.carrier is not None and state.status not in BEFORE_SHIPPING | {"cancelled"}:
        tracking = f" with tracking number {state.tracking_number}" if state.tracking_number else ""
        parts.append(f"It travels with {state.carrier}{tracking}.")
        if state.tracking_url:
            parts.append(f"You can follow it here: {state.tracking_url}")
    if state.status not in DONE:
        if state.deliver_by is not None:
            parts.append(f"It is expected to arrive by {when(state.deliver_by)}.")
        elif state.status in BEFORE_SHIPPING:
            parts.append(f"It will leave our warehouse by {when(state.ship_by)}.")
    return " ".join(parts)


def priority_for(priority: str, topic: str | None, order: OrderStatus | None) -> str:
    """A "where is my order?" ticket about a delayed order is at least high priority."""
    if topic != ORDER_STATUS_TOPIC or order is None or not order.delayed:
        return priority
    return DELAYED_PRIORITY if PRIORITY_RANK[priority] < PRIORITY_RANK[DELAYED_PRIORITY] else priority
