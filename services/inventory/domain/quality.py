"""Pure rules of quality alerts: which return trends are inventory's, and the alert's statuses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from shared.errors import Conflict

AlertKind = Literal["packaging", "picking"]
AlertStatus = Literal["open", "investigating", "resolved"]

# Returned as damaged: the packaging did not protect it; the wrong item: picking went wrong.
# `not_as_described` is the content team's (the product page), not inventory's.
KIND_OF_REASON: Mapping[str, AlertKind] = {"damaged": "packaging", "wrong_item": "picking"}

ALLOWED: Mapping[str, frozenset[str]] = {
    "open": frozenset({"open", "investigating", "resolved"}),
    "investigating": frozenset({"open", "investigating", "resolved"}),
    "resolved": frozenset(),
}


def alert_kind(return_reason: str) -> AlertKind | None:
    """The kind of quality alert a return trend of this reason raises, None when not inventory's."""
    return KIND_OF_REASON.get(return_reason)


def change_status(current: str, wanted: str) -> str:
    """The new status of an alert; a resolved alert is closed for good (a new trend opens a new
    one), so changing it is a 409."""
    if wanted not in ALLOWED[current]:
        raise Conflict(f"The alert is {current}; a resolved alert cannot change. A new trend opens "
                       "a new alert.", current_status=current)
    return wanted
