"""Pure inventory rules: stock movements, stock status, threshold crossings, allocation,
campaign coverage; fulfilments (`domain.fulfilments`) and quality alerts (`domain.quality`)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from shared.errors import Conflict

StockState = Literal["above", "low", "depleted"]
Crossing = Literal["low", "depleted", "replenished"]

DEMAND_HISTORY_DAYS = 28
SYSTEM_ONLY_REASONS = frozenset({"return_restock"})
MAX_ON_HAND = 2**31 - 1  # the stock columns are 32-bit integers


def stock_state(total_available: int, threshold: int) -> StockState:
    """The side of the threshold lines a SKU's total available is on."""
    if total_available <= 0:
        return "depleted"
    if total_available <= threshold:
        return "low"
    return "above"


def stock_status(total_available: int, threshold: int) -> str:
    """What the storefront shows: in_stock, low or out_of_stock."""
    return {"above": "in_stock", "low": "low", "depleted": "out_of_stock"}[
        stock_state(total_available, threshold)
    ]


def crossing(previous: StockState, current: StockState) -> Crossing | None:
    """The threshold event a change of side implies, if any.

    Falling to the threshold (still above zero) is `low`, reaching zero is `depleted`, rising
    above the threshold is `replenished`; rising from zero to still at or below the threshold
    is no event, because the SKU never went back above the line.
    """
    if previous == current:
        return None
    if current == "depleted":
        return "depleted"
    if current == "above":
        return "replenished"
    return "low" if previous == "above" else None


@dataclass(frozen=True, slots=True)
class Level:
    """The stock of one SKU in one warehouse."""

    sku: str
    warehouse: str
    on_hand: int
    reserved: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


def apply_movement(level: Level, delta: int, reserved_delta: int = 0) -> Level:
    """The level after a movement: never negative, never below what is reserved, never past
    what the columns hold."""
    on_hand, reserved = level.on_hand + delta, level.reserved + reserved_delta
    if on_hand < 0:
        raise Conflict(
            f"{level.sku} has {level.on_hand} on hand in {level.warehouse}; a movement of {delta} "
            "would make it negative.", on_hand=level.on_hand, reserved=level.reserved,
        )
    if on_hand > MAX_ON_HAND:
        raise Conflict(f"{level.sku} in {level.warehouse} cannot hold more than {MAX_ON_HAND} units.")
    if on_hand < reserved:
        raise Conflict(
            f"{level.sku} in {level.warehouse} has {level.on_hand} on hand of which {level.reserved} "
            f"are reserved; at most {level.available} can leave without a reservation.",
            on_hand=level.on_hand, reserved=level.reserved,
        )
    return Level(level.sku, level.warehouse, on_hand, reserved)


@dataclass(frozen=True, slots=True)
class WarehouseView:
    warehouse: str
    on_hand: int
    reserved: int
    available: int


@dataclass(frozen=True, slots=True)
class StockView:
    """What the storefront sees of a SKU; field order is the order of the JSON answer."""

    sku: str
    on_hand: int
    reserved: int
    available: int
    status: str
    warehouses: tuple[WarehouseView, ...]


def stock_view(sku: str, threshold: int, levels: list[Level]) -> StockView:
    """The totals, status and per-warehouse figures of a SKU from its levels."""
    on_hand = sum(level.on_hand for level in levels)
    reserved = sum(level.reserved for level in levels)
    return StockView(
        sku, on_hand, reserved, on_hand - reserved, stock_status(on_hand - reserved, threshold),
        tuple(WarehouseView(level.warehouse, level.on_hand, level.reserved, level.available)
              for level in levels),
    )


@dataclass(frozen=True)
class Shortage:
    sku: str
    requested: int
    available: int


@dataclass(frozen=True)
class AllocatedLine:
    sku: str
    warehouse: str
    qty: int


def merge_lines(lines: list[tuple[str, int]]) -> dict[str, int]:
    """Quantities per SKU; a SKU listed twice is one demand on the same stock."""
    merged: dict[str, int] = {}
    for sku, qty in lines:
        merged[sku] = merged.get(sku, 0) + qty
    return merged


def allocate(
    requested: Mapping[str, int], available: Mapping[str, Mapping[str, int]]
) -> tuple[list[AllocatedLine], list[Shortage]]:
    """Allocate every SKU or report every shortage (all or nothing).

    A SKU goes to the one warehouse with most available that can serve it whole; otherwise it is
    split across warehouses, most available first. Ties go to the smaller warehouse code.
    """
    allocated: list[AllocatedLine] = []
    shortages: list[Shortage] = []
    for sku in sorted(requested):
        qty = requested[sku]
        by_most = sorted(
            ((code, units) for code, units in available.get(sku, {}).items() if units > 0),
            key=lambda pair: (-pair[1], pair[0]),
        )
        total = sum(units for _, units in by_most)
        if total < qty:
            shortages.append(Shortage(sku, qty, max(total, 0)))
            continue
        remaining = qty
        for code, units in by_most:
            take = min(units, remaining)
            allocated.append(AllocatedLine(sku, code, take))
            remaining -= take
            if remaining == 0:
                break
    return ([] if shortages else allocated), shortages



def allocate_all(
    requested: Mapping[str, int], available: Mapping[str, Mapping[str, int]]
) -> list[AllocatedLine]:
    """`allocate`, refusing the whole reservation when any SKU is short."""
    allocated, shortages = allocate(requested, available)
    if shortages:
        listed = "; ".join(f"{s.sku}: {s.requested} requested, {s.available} available" for s in shortages)
        raise Conflict(
            f"Not enough stock, nothing was reserved. {listed}.",
            shortages=[{"sku": s.sku, "requested": s.requested, "available": s.available}
                       for s in shortages],
        )
    return allocated


def ensure_active(status: str, expires_at: datetime, action: str, now: datetime) -> None:
    """Only an active reservation can be committed or released, and only an unexpired one
    committed."""
    if status != "active":
        raise Conflict(f"The reservation is {status}; only an active one can {action}.",
                       current_status=status)
    if action == "commit" and expires_at <= now:
        raise Conflict("The reservation has expired; its units are being released. Reserve again.",
                       current_status="expired")


def status_as_seen(status: str, expires_at: datetime, now: datetime) -> str:
    """What a reservation's status reads as: an active one whose time is up is expired."""
    return "expired" if status == "active" and expires_at <= now else status


ItemStatus = Literal["ok", "at_risk", "insufficient", "unknown_sku", "unknown_demand"]
_SEVERITY = {"ok": 0, "at_risk": 1, "unknown_demand": 1, "insufficient": 2, "unknown_sku": 2}
_OVERALL = {0: "ok", 1: "at_risk", 2: "insufficient"}


@dataclass(frozen=True)
class CampaignWindow:
    starts_at: datetime
    ends_at: datetime
    uplift: float

    @property
    def days(self) -> float:
        return max((self.ends_at - self.starts_at).total_seconds() / 86400, 0.0)

    def overlaps(self, starts_at: datetime, ends_at: datetime) -> bool:
        return starts_at < self.ends_at and self.starts_at < ends_at


@dataclass(frozen=True)
class ItemFacts:
    """What inventory knows of one campaign SKU at check time."""

    sku: str
    known: bool
    total_available: int
    safety_stock: int
    expected_units: int | None
    shipped_last_28_days: int
    competing_units: int


@dataclass(frozen=True)
class ItemResult:
    sku: str
    expected_units: int | None
    estimated: bool
    available: int
    safety_stock: int
    competing_units: int
    coverage: float | None
    status: ItemStatus
    projected_stockout_at: datetime | None


def estimate_demand(shipped_last_28_days: int, window: CampaignWindow) -> int | None:
    """Shipped per day over 28 days x uplift x campaign days, rounded up; None without history."""
    if shipped_last_28_days <= 0:
        return None
    return math.ceil(shipped_last_28_days / DEMAND_HISTORY_DAYS * window.uplift * window.days)


def coverage_status(coverage: float) -> ItemStatus:
    if coverage >= 1.0:
        return "ok"
    return "at_risk" if coverage >= 0.5 else "insufficient"


def check_item(facts: ItemFacts, window: CampaignWindow) -> ItemResult:
    """Coverage of one campaign SKU: usable stock against this and competing campaigns' demand."""
    if not facts.known:
        return ItemResult(facts.sku, facts.expected_units, False, 0, 0, facts.competing_units,
                          None, "unknown_sku", None)
    estimated = facts.expected_units is None
    expected = facts.expected_units
    if expected is None:
        expected = estimate_demand(facts.shipped_last_28_days, window)
    if expected is None:
        return ItemResult(facts.sku, None, False, facts.total_available, facts.safety_stock,
                          facts.competing_units, None, "unknown_demand", None)
    usable = facts.total_available - facts.safety_stock
    demand = expected + facts.competing_units
    coverage = usable / demand if demand > 0 else None
    status: ItemStatus = "ok" if coverage is None else coverage_status(coverage)
    return ItemResult(
        facts.sku, expected, estimated, facts.total_available, facts.safety_stock,
        facts.competing_units, None if coverage is None else round(coverage, 4), status,
        projected_stockout(usable, demand, window),
    )


def projected_stockout(usable: int, demand: int, window: CampaignWindow) -> datetime | None:
    """When usable stock runs out at the campaign's daily demand, if before the campaign ends."""
    if demand <= 0 or window.days <= 0:
        return None
    if usable <= 0:
        return window.starts_at
    days_of_stock = usable / (demand / window.days)
    stockout = window.starts_at + timedelta(days=days_of_stock)
    return stockout if stockout < window.ends_at else None


def overall(results: list[ItemResult]) -> str:
    """The worst item: unknown SKU counts as insufficient, unknown demand as at risk."""
    return _OVERALL[max((_SEVERITY[r.status] for r in results), default=0)]
