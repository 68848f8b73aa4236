"""The campaign calendar: bars on a time axis in lanes, and campaigns overlapping on a SKU."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from services.board.domain.wording import words


@dataclass(frozen=True)
class CalendarCampaign:
    campaign_id: str
    name: str
    starts_at: datetime
    ends_at: datetime
    readiness: str
    status: str
    skus: tuple[str, ...]


@dataclass(frozen=True)
class Overlap:
    campaign_id: str
    other_id: str
    other_name: str
    sku: str

    @property
    def text(self) -> str:
        return f"overlaps with {self.other_name} on {self.sku}"


@dataclass(frozen=True)
class CalendarBar:
    campaign: CalendarCampaign
    x: float
    width: float
    lane: int
    overlaps: tuple[Overlap, ...]

    @property
    def label(self) -> str:
        """Written above the bar: the name, the readiness and a warning when it overlaps."""
        return bar_label(self.campaign, bool(self.overlaps))


CHAR_WIDTH = 7.0  # about what a 12px system font needs per character, to keep labels apart


def bar_label(campaign: CalendarCampaign, overlapping: bool) -> str:
    text = f"{campaign.name} · {words(campaign.readiness)}"
    return text + (" · ⚠ overlap" if overlapping else "")


def overlaps(campaigns: Iterable[CalendarCampaign]) -> list[Overlap]:
    """Pairs of campaigns whose time ranges intersect and that advertise a SKU in common
    (one entry each way, one per shared SKU)."""
    items = list(campaigns)
    found = []
    for a in items:
        for b in items:
            if a.campaign_id == b.campaign_id:
                continue
            if a.starts_at < b.ends_at and b.starts_at < a.ends_at:
                found += [Overlap(a.campaign_id, b.campaign_id, b.name, sku)
                          for sku in sorted(set(a.skus) & set(b.skus))]
    return found


def calendar_layout(
    campaigns: Sequence[CalendarCampaign], window_start: datetime, window_end: datetime,
    width: float = 900.0,
) -> list[CalendarBar]:
    """Bars on a time axis clipped to the window; a campaign goes to the first lane where neither the
    bar nor the label of the one before reaches its start."""
    span = max((window_end - window_start).total_seconds(), 1.0)

    def x_of(moment: datetime) -> float:
        seconds = (min(max(moment, window_start), window_end) - window_start).total_seconds()
        return round(width * seconds / span, 1)

    by_campaign: dict[str, list[Overlap]] = {}
    for overlap in overlaps(campaigns):
        by_campaign.setdefault(overlap.campaign_id, []).append(overlap)
    lanes_end: list[float] = []  # per lane, where its last bar or label ends
    bars = []
    for campaign in sorted(campaigns, key=lambda c: (c.starts_at, c.name)):
        start_x = x_of(campaign.starts_at)
        bar_width = max(x_of(campaign.ends_at) - start_x, 2.0)
        found = tuple(by_campaign.get(campaign.campaign_id, ()))
        extent = start_x + max(bar_width, CHAR_WIDTH * len(bar_label(campaign, bool(found))))
        lane = next((i for i, end in enumerate(lanes_end) if end + 8 <= start_x), len(lanes_end))
        if lane == len(lanes_end):
            lanes_end.append(extent)
        else:
            lanes_end[lane] = extent
        bars.append(CalendarBar(campaign, start_x, bar_width, lane, found))
    return bars
