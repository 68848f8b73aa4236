"""Rows of the board's read model as they travel to the use cases and the pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class SessionRow:
    session_id: str
    api_key: str
    role: str
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class FeedEntry:
    seq: int
    event_id: str
    event_type: str
    source: str
    subject: str
    occurred_at: datetime
    correlation_id: str | None
    summary: str
    campaign_id: str | None


@dataclass(frozen=True)
class CampaignRow:
    campaign_id: str
    name: str
    channels: list[str]
    starts_at: datetime
    ends_at: datetime
    landing_url: str | None
    items: list[dict[str, Any]]
    request_id: str | None
    status: str
    readiness: str
    reasons: list[str]
    forced: bool

    @property
    def skus(self) -> list[str]:
        return [str(item["sku"]) for item in self.items]


@dataclass(frozen=True)
class CheckRow:
    team: str
    request_id: str
    overall: str
    result: dict[str, Any]
    checked_at: datetime


@dataclass(frozen=True)
class SkuStockRow:
    sku: str
    total_available: int | None
    threshold: int | None
    state: str
    levels: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class PageRow:
    page_id: str
    url: str
    kind: str
    sku: str | None
    issues: list[str]
    updated_at: datetime


@dataclass(frozen=True)
class AdvisoryRow:
    advisory_id: str
    kind: str
    severity: str
    title: str
    campaign_id: str | None
    skus: list[str]
    published_at: datetime
    valid_until: datetime | None = None


@dataclass(frozen=True)
class TrendRow:
    kind: str
    topic: str
    sku: str | None
    url: str | None
    occurrences: int
    window_days: int
    samples: list[str]
    detected_at: datetime


@dataclass(frozen=True)
class ReturnRow:
    return_id: str
    order_ref: str | None
    status: str
    warehouse: str | None
    lines: list[dict[str, Any]]
    reasons: list[str]
    updated_at: datetime


@dataclass(frozen=True)
class FulfilmentRow:
    fulfilment_id: str
    order_ref: str
    warehouse: str | None
    status: str
    carrier: str | None
    tracking_url: str | None
    delay_reasons: list[str]
    delayed_since: datetime | None


@dataclass(frozen=True)
class HealthRow:
    service: str
    reachable: bool
    ready: bool
    database: str | None
    broker: str | None
    outbox_backlog: int | None
    consumer_partitions: int | None
    consumer_lag: float | None
    dead_letters: float | None
    error: str | None
    read_at: datetime
