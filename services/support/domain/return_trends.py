"""Return trends: many recent returned lines of one SKU sharing a reason a team can fix."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

TrendReason = Literal["damaged", "wrong_item", "not_as_described"]
# Reasons that point at a team: packaging (inventory), picking (warehouse), product pages (content).
TREND_REASONS: frozenset[str] = frozenset({"damaged", "wrong_item", "not_as_described"})
# The carrier exception kind that counts as a damaged line.
TRANSIT_DAMAGE = "damaged_in_transit"


@dataclass(frozen=True)
class ReturnedLine:
    """One line counted towards a trend: a return line, or goods damaged in transit."""

    at: datetime
    comment: str | None


def is_transit_damage(status: str, exception_kind: str | None) -> bool:
    return status == "exception" and exception_kind == TRANSIT_DAMAGE


def sample_comments(lines: list[ReturnedLine], size: int) -> list[str]:
    """The newest customer comments among the counted lines, at most `size`."""
    newest = sorted(lines, key=lambda line: line.at, reverse=True)
    return [line.comment for line in newest if line.comment][:size]
