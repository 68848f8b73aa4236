"""The return (RMA) state machine and its quantity rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from shared.errors import Conflict

ReturnStatus = Literal["requested", "approved", "rejected", "received", "inspected", "restocked"]
ReturnAction = Literal["approve", "reject", "receive", "inspect", "restock"]
Disposition = Literal["resellable", "damaged"]

@dataclass(frozen=True)
class ReturnLine:
    return_id: str
    sku: str
    reason: str
    requested_qty: int
    resellable_qty: int | None = None
    damaged_qty: int | None = None
    restocked_qty: int | None = None
    written_off_qty: int | None = None


@dataclass(frozen=True)
class Return:
    id: str
    order_ref: str
    customer_ref: str
    status: str
    warehouse: str | None
    rejection_reason: str | None
    created_at: datetime
    updated_at: datetime
    lines: list[ReturnLine] = field(default_factory=list)

    @property
    def requested(self) -> dict[str, int]:
        """Requested units per SKU."""
        return {line.sku: line.requested_qty for line in self.lines}


# action -> (the one status it may start from, the status it leads to)
TRANSITIONS: dict[ReturnAction, tuple[ReturnStatus, ReturnStatus]] = {
    "approve": ("requested", "approved"),
    "reject": ("requested", "rejected"),
    "receive": ("approved", "received"),
    "inspect": ("received", "inspected"),
    "restock": ("inspected", "restocked"),
}

_VERBS: dict[ReturnAction, str] = {
    "approve": "approved", "reject": "rejected", "receive": "received",
    "inspect": "inspected", "restock": "restocked",
}


def next_status(current: str, action: ReturnAction) -> ReturnStatus:
    """The status after `action`; refuses an action the current status does not allow."""
    allowed_from, target = TRANSITIONS[action]
    if current != allowed_from:
        raise Conflict(
            f"The return is {current}; it can be {_VERBS[action]} only while it is {allowed_from}.",
            current_status=current,
        )
    return target


@dataclass(frozen=True)
class InspectedQuantities:
    sku: str
    resellable: int
    damaged: int


def check_inspection(
    requested: dict[str, int], inspected: Iterable[tuple[str, int, Disposition]]
) -> list[InspectedQuantities]:
    """Totals per SKU; refuses SKUs not in the return and more units than were requested."""
    resellable: Counter[str] = Counter()
    damaged: Counter[str] = Counter()
    for sku, qty, disposition in inspected:
        if sku not in requested:
            raise Conflict(f"SKU {sku} is not part of this return.")
        (resellable if disposition == "resellable" else damaged)[sku] += qty
    result = []
    for sku in sorted(set(resellable) | set(damaged)):
        total = resellable[sku] + damaged[sku]
        if total > requested[sku]:
            raise Conflict(
                f"{total} units of {sku} were inspected but only {requested[sku]} were requested."
            )
        result.append(InspectedQuantities(sku, resellable[sku], damaged[sku]))
    return result
