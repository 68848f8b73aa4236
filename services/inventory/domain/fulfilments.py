"""Pure fulfilment rules: the status machine, carrier scans and delay detection.

The warehouse moves a fulfilment through awaiting_pick -> picked -> packed -> shipped; from
there the carrier's scans move it (in_transit, out_for_delivery, exception, delivered), and the
warehouse may record an exception or the delivery by hand. `delivered` and `cancelled` are final.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from shared.errors import Conflict

Status = Literal["awaiting_pick", "picked", "packed", "shipped", "in_transit", "out_for_delivery",
                 "delivered", "exception", "cancelled"]
Action = Literal["pick", "pack", "ship", "deliver", "exception", "cancel"]
ScanStatus = Literal["in_transit", "out_for_delivery", "delivered", "attempted_delivery", "exception"]
DelayReason = Literal["not_shipped_in_time", "no_carrier_scan", "late_delivery", "carrier_exception"]

BEFORE_SHIPPING: frozenset[str] = frozenset({"awaiting_pick", "picked", "packed"})
ON_THE_WAY: frozenset[str] = frozenset({"shipped", "in_transit", "out_for_delivery", "exception"})
FINAL: frozenset[str] = frozenset({"delivered", "cancelled"})

# Which statuses each action is allowed from, and the status it leads to.
TRANSITIONS: Mapping[Action, tuple[frozenset[str], Status]] = {
    "pick": (frozenset({"awaiting_pick"}), "picked"),
    "pack": (frozenset({"picked"}), "packed"),
    "ship": (frozenset({"packed"}), "shipped"),
    "deliver": (ON_THE_WAY, "delivered"),
    "exception": (frozenset({"shipped", "in_transit", "out_for_delivery"}), "exception"),
    "cancel": (BEFORE_SHIPPING, "cancelled"),
}

# A carrier's attempted delivery leaves the parcel out for delivery (it will be tried again).
SCAN_TO_STATUS: Mapping[str, Status] = {
    "in_transit": "in_transit", "out_for_delivery": "out_for_delivery", "delivered": "delivered",
    "attempted_delivery": "out_for_delivery", "exception": "exception",
}


def transition(current: str, action: Action) -> Status:
    """The status an action leads to, or a 409 naming the current status."""
    allowed, target = TRANSITIONS[action]
    if current not in allowed:
        listed = ", ".join(sorted(allowed))
        raise Conflict(f"The fulfilment is {current}; it can {action} only when {listed}.",
                       current_status=current)
    return target


@dataclass(frozen=True)
class ScanDecision:
    """What a carrier scan does to a fulfilment: its new status (None: unchanged) and whether it
    is the latest scan so far (which moves the fulfilment's scan clock)."""

    status: Status | None
    latest: bool


def apply_scan(
    current: str, scan_status: str, occurred_at: datetime, latest_scan_at: datetime | None,
    exception_at: datetime | None,
) -> ScanDecision:
    """The status follows the scan with the latest `occurred_at`; `delivered` is final, and a
    scan older than an exception the warehouse recorded by hand does not undo it."""
    latest = latest_scan_at is None or occurred_at > latest_scan_at
    if current not in ON_THE_WAY or not latest:
        return ScanDecision(None, latest)
    if exception_at is not None and occurred_at <= exception_at:
        return ScanDecision(None, True)
    target = SCAN_TO_STATUS[scan_status]
    return ScanDecision(None if target == current else target, True)


@dataclass(frozen=True)
class DelayFacts:
    """What the delay rules need to know of one fulfilment."""

    status: str
    ship_by: datetime
    deliver_by: datetime | None
    shipped_at: datetime | None
    latest_scan_at: datetime | None


def due_delays(facts: DelayFacts, now: datetime, stalled_after: timedelta) -> dict[DelayReason, datetime]:
    """The delay reasons the sweep finds, each with the moment it began."""
    due: dict[DelayReason, datetime] = {}
    if facts.status in FINAL:
        return due
    if facts.status in BEFORE_SHIPPING and facts.ship_by <= now:
        due["not_shipped_in_time"] = facts.ship_by
    if facts.status in ON_THE_WAY and facts.shipped_at is not None:
        last_sign = max(facts.shipped_at, facts.latest_scan_at or facts.shipped_at)
        if last_sign + stalled_after <= now:
            due["no_carrier_scan"] = last_sign + stalled_after
    if facts.deliver_by is not None and facts.deliver_by <= now:
        due["late_delivery"] = facts.deliver_by
    return due


def cleared_by_status(status: str) -> frozenset[DelayReason]:
    """The delay reasons a fulfilment reaching this status resolves."""
    if status in FINAL:
        return frozenset({"not_shipped_in_time", "no_carrier_scan", "late_delivery", "carrier_exception"})
    if status == "shipped":
        return frozenset({"not_shipped_in_time"})
    if status in ("in_transit", "out_for_delivery"):
        return frozenset({"carrier_exception"})
    return frozenset()


def fulfilling_warehouse(units_by_warehouse: Mapping[str, int]) -> str:
    """The warehouse a fulfilment ships from: the one holding most of the reservation's units
    (ties to the smaller code)."""
    return min(units_by_warehouse, key=lambda code: (-units_by_warehouse[code], code))
