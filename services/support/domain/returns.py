"""The return (RMA) state machine and its quantity rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, NoReturn

from shared.errors import Conflict

ReturnStatus = Literal[
    "requested", "approved", "rejected", "received", "inspected", "restocked", "needs_attention",
]
ReturnAction = Literal["approve", "reject", "receive", "inspect", "restock", "flag"]
Disposition = Literal["resellable", "damaged"]
# A return in one of these is over: a new return of the same order and SKU may be opened.
CLOSED_STATUSES: frozenset[str] = frozenset({"rejected", "restocked"})

@dataclass(frozen=True)
class ReturnLine:
    return_id: str
    sku: str
    reason: str
    requested_qty: int
    comment: str | None = None
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
    # Why inventory refused the last inspection (status `needs_attention`).
    attention_reasons: list[str] = field(default_factory=list)

    @property
    def requested(self) -> dict[str, int]:
        """Requested units per SKU."""
        return {line.sku: line.requested_qty for line in self.lines}


# action -> (the statuses it may start from, the status it leads to). A return inventory
# refused (`needs_attention`) can be received again (another warehouse) or inspected again.
TRANSITIONS: dict[ReturnAction, tuple[tuple[ReturnStatus, ...], ReturnStatus]] = {
    "approve": (("requested",), "approved"),
    "reject": (("requested",), "rejected"),
    "receive": (("approved", "needs_attention"), "received"),
    "inspect": (("received", "needs_attention"), "inspected"),
    "restock": (("inspected",), "restocked"),
    "flag": (("inspected",), "needs_attention"),
}

_VERBS: dict[ReturnAction, str] = {
    "approve": "approved", "reject": "rejected", "receive": "received",
    "inspect": "inspected", "restock": "restocked", "flag": "flagged for attention",
}


def next_status(current: str, action: ReturnAction) -> ReturnStatus:
    """The status after `action`; refuses an action the current status does not allow."""
    allowed_from, target = TRANSITIONS[action]
    if current not in allowed_from:
        raise Conflict(
            f"The return is {current}; it can be {_VERBS[action]} only while it is "
            f"{' or '.join(allowed_from)}.",
            current_status=current,
        )
    return target


def refuse_second_open_return(order_ref: str, sku: str, existing_id: str, existing_status: str) -> NoReturn:
    """One open return per order and SKU: a second one is refused, naming the first."""
    raise Conflict(
        f"Return {existing_id} of order {order_ref} is already open for {sku} "
        f"(status {existing_status}); work on that return, or open a new one once it is closed.",
        current_status=existing_status, existing_return_id=existing_id,
    )


@dataclass(frozen=True)
class InspectedQuantities:
    sku: str
    resellable: int
    damaged: int


def check_inspection(
    requested: dict[str, int], inspected: Iterable[tuple[str, int, Disposition]], current_status: str,
) -> list[InspectedQuantities]:
    """Totals per SKU; refuses SKUs not in the return and more units than were requested."""
    resellable: Counter[str] = Counter()
    damaged: Counter[str] = Counter()
    for sku, qty, disposition in inspected:
        if sku not in requested:
            raise Conflict(f"SKU {sku} is not part of this return.", current_status=current_status)
        (resellable if disposition == "resellable" else damaged)[sku] += qty
    result = []
    for sku in sorted(set(resellable) | set(damaged)):
        total = resellable[sku] + damaged[sku]
        if total > requested[sku]:
            raise Conflict(
                f"{total} units of {sku} were inspected but only {requested[sku]} were requested.",
                current_status=current_status,
            )
        result.append(InspectedQuantities(sku, resellable[sku], damaged[sku]))
    return result
