"""A campaign as the use cases see it: its stored fields and its items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.marketing.domain.status import Status


@dataclass
class Item:
    sku: str
    expected_units: int | None
    discount_pct: float | None


@dataclass
class Campaign:
    id: str
    name: str
    status: Status
    channels: list[str]
    starts_at: datetime
    ends_at: datetime
    landing_url: str | None
    uplift: float
    auto_launch: bool
    auto_pause_on_stockout: bool
    # The current launch request; answers carrying another request id are late and ignored.
    request_id: str | None
    requested_at: datetime | None
    readiness: str | None
    reasons: list[str]
    forced: bool
    override_reason: str | None
    launched_at: datetime | None
    created_at: datetime
    updated_at: datetime
    items: list[Item]

    @property
    def skus(self) -> list[str]:
        return [item.sku for item in self.items]
