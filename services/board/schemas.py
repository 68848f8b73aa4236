"""View models of the board's pages: what each template is given."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.board.domain import Action, CalendarBar, CoverageChart, OrderView
from services.board.repository.rows import (
    AdvisoryRow,
    CampaignRow,
    CheckRow,
    FeedEntry,
    FulfilmentRow,
    HealthRow,
    PageRow,
    ReturnRow,
    SkuStockRow,
    TrendRow,
)


@dataclass(frozen=True)
class StockRisk:
    sku: str
    state: str
    total_available: int | None
    campaigns: list[CampaignRow]


@dataclass(frozen=True)
class HealthView:
    service: str
    reading: HealthRow | None


@dataclass(frozen=True)
class Overview:
    seq: int  # the feed position this page shows; the live stream continues from it
    campaigns: list[CampaignRow]
    stock_risks: list[StockRisk]
    broken_pages: list[PageRow]
    advisories: list[AdvisoryRow]
    delays: list[FulfilmentRow]
    backbone: list[HealthView]
    activity: list[FeedEntry]


@dataclass(frozen=True)
class CheckView:
    team: str
    check: CheckRow | None  # None: no answer to the current launch request yet

    @property
    def state(self) -> str:
        return "pending" if self.check is None else self.check.overall


@dataclass(frozen=True)
class CampaignPage:
    seq: int  # the feed position this page shows; the live stream continues from it
    campaign: CampaignRow
    checks: list[CheckView]
    coverage: CoverageChart | None
    timeline: list[FeedEntry]
    actions: list[Action]


@dataclass(frozen=True)
class CalendarTick:
    x: float
    label: str


@dataclass(frozen=True)
class CalendarPage:
    seq: int  # the feed position this page shows; the live stream continues from it
    window_start: datetime
    window_end: datetime
    width: float
    bars: list[CalendarBar]
    ticks: list[CalendarTick]
    lanes: int
    now_x: float


@dataclass(frozen=True)
class Demand:
    campaign: CampaignRow
    sku: str
    expected_units: int | None
    total_available: int | None


@dataclass(frozen=True)
class Sparkline:
    stock: SkuStockRow
    points: str


@dataclass(frozen=True)
class WarehousePage:
    seq: int  # the feed position this page shows; the live stream continues from it
    stock_risks: list[StockRisk]
    demand: list[Demand]
    delays: list[FulfilmentRow]
    quality_alerts: list[TrendRow]
    returns: list[ReturnRow]
    sparklines: list[Sparkline]
    warehouses: list[str]


@dataclass(frozen=True)
class SupportPage:
    seq: int  # the feed position this page shows; the live stream continues from it
    advisories: list[dict[str, Any]]
    advisories_note: str | None
    trends: list[TrendRow]
    delays: list[FulfilmentRow]
    order_ref: str | None = None
    order: OrderView | None = None
    order_note: str | None = None


@dataclass(frozen=True)
class ContentPage:
    seq: int  # the feed position this page shows; the live stream continues from it
    broken_pages: list[PageRow]
    tasks: list[dict[str, Any]] = field(default_factory=list)
    tasks_note: str | None = None
