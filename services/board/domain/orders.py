"""Support's order view (SPEC §12) as the support page shows it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.board.domain.wording import as_moment


@dataclass(frozen=True)
class JourneyStep:
    at: datetime | None
    source: str
    what: str


@dataclass(frozen=True)
class OrderView:
    order_ref: str
    status: str
    warehouse: str | None
    carrier: str | None
    tracking_number: str | None
    tracking_url: str | None
    ship_by: datetime | None
    deliver_by: datetime | None
    delayed: bool
    delay_reasons: list[str]
    journey: list[JourneyStep]


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def order_view(order_ref: str, body: Mapping[str, Any]) -> OrderView:
    """Support's answer, with only the fields the SPEC names; a missing one reads as unknown."""
    steps = [step for step in body.get("journey") or [] if isinstance(step, Mapping)]
    return OrderView(
        order_ref=str(body.get("order_ref") or order_ref), status=str(body.get("status") or "unknown"),
        warehouse=_text(body.get("warehouse")), carrier=_text(body.get("carrier")),
        tracking_number=_text(body.get("tracking_number")), tracking_url=_text(body.get("tracking_url")),
        ship_by=as_moment(body.get("ship_by")), deliver_by=as_moment(body.get("deliver_by")),
        delayed=bool(body.get("delayed")),
        delay_reasons=[str(reason) for reason in body.get("delay_reasons") or []],
        journey=[JourneyStep(as_moment(step.get("at")), str(step.get("source") or ""),
                             str(step.get("what") or "")) for step in steps],
    )
