"""Which promotions the storefront sees at a moment, and until when that answer holds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from services.marketing.domain.status import Status

# A scheduled campaign shows from its start even before the sweeper has written it live.
PROMOTED = frozenset({Status.LIVE, Status.SCHEDULED})


@dataclass(frozen=True)
class Promotion:
    campaign_id: str
    name: str
    sku: str
    discount_pct: float | None
    starts_at: datetime
    ends_at: datetime
    landing_url: str | None


def shown_at(promotions: Iterable[Promotion], now: datetime) -> list[Promotion]:
    """The promotions of live or scheduled campaigns running at `now`, in the order given."""
    return [promotion for promotion in promotions if promotion.starts_at <= now < promotion.ends_at]


def next_change(promotions: Iterable[Promotion], now: datetime) -> datetime | None:
    """The first start or end after `now`: until then `shown_at` answers the same without a write."""
    boundaries = [moment for promotion in promotions
                  for moment in (promotion.starts_at, promotion.ends_at) if moment > now]
    return min(boundaries, default=None)
