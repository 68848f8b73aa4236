"""Pure rules of the board: who sees which action, readiness wording, chart and calendar geometry,
overlaps, and the one-line summary of every event in the activity feed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

READINESS_VALUES = ("checking", "ready", "at_risk", "blocked")
CLOSED_STATUSES = frozenset({"ended", "cancelled"})
CAMPAIGN_ROLES = frozenset({"marketing", "admin"})


@dataclass(frozen=True)
class Action:
    name: str  # the last part of the action's URL on the board
    label: str  # the button text
    needs_reason: bool = False


CAMPAIGN_ACTIONS = (
    Action("request-launch", "Request launch"), Action("launch", "Launch"), Action("pause", "Pause"),
    Action("resume", "Resume"), Action("end", "End"), Action("cancel", "Cancel"),
)
FORCE_LAUNCH = Action("force-launch", "Force launch", needs_reason=True)


def campaign_actions(role: str) -> list[Action]:
    """The campaign actions a role may take: marketing's, and for admin also the forced launch."""
    if role not in CAMPAIGN_ROLES:
        return []
    return [*CAMPAIGN_ACTIONS, *([FORCE_LAUNCH] if role == "admin" else [])]


def campaign_action(name: str) -> Action | None:
    return next((a for a in (*CAMPAIGN_ACTIONS, FORCE_LAUNCH) if a.name == name), None)


def readiness_label(readiness: str) -> str:
    return {"checking": "checking", "ready": "ready", "at_risk": "at risk",
            "blocked": "blocked"}.get(readiness, readiness)


def readiness_after_risk_cleared(remaining_reasons: Sequence[str]) -> str:
    """A live campaign whose last risk went away is ready again."""
    return "at_risk" if remaining_reasons else "ready"


def web_link(url: str | None) -> str:
    """A link target for a URL from an event: http(s) only, anything else (javascript:, data:) '#'."""
    return url if url and url.lower().startswith(("http://", "https://")) else "#"


# --- coverage chart -------------------------------------------------------------------------

@dataclass(frozen=True)
class CoverageBar:
    sku: str
    coverage: float | None
    status: str
    y: float
    width: float
    label: str


@dataclass(frozen=True)
class CoverageChart:
    width: int
    height: int
    label_width: int
    bars: list[CoverageBar]
    full_x: float  # where coverage 1.0 is
    half_x: float  # where coverage 0.5 is
    bar_height: int


def coverage_chart(
    items: Sequence[Mapping[str, Any]], width: int = 560, bar_height: int = 22,
) -> CoverageChart:
    """Horizontal bars of coverage per SKU on a scale from 0 to at least 1.5 (wider when needed)."""
    label_width, gap = 200, 8
    values = [float(i["coverage"]) for i in items if i.get("coverage") is not None]
    scale_max = max(1.5, min(max(values, default=0.0), 3.0))
    plot = width - label_width - 10

    def x_of(coverage: float) -> float:
        return round(label_width + plot * min(coverage, scale_max) / scale_max, 1)

    bars = []
    for index, item in enumerate(items):
        coverage = item.get("coverage")
        value = None if coverage is None else float(coverage)
        label = f"{item['sku']} {value:.2f}" if value is not None else f"{item['sku']} n/a"
        bars.append(CoverageBar(
            sku=str(item["sku"]), coverage=value, status=str(item.get("status", "")),
            y=10 + index * (bar_height + gap),
            width=0.0 if value is None else round(x_of(value) - label_width, 1),
            label=f"{label} ({item.get('status', '')})",
        ))
    height = 20 + max(len(bars), 1) * (bar_height + gap)
    return CoverageChart(width, height, label_width, bars, x_of(1.0), x_of(0.5), bar_height)


# --- sparkline -------------------------------------------------------------------------------

def sparkline_points(levels: Sequence[int], width: int = 120, height: int = 28) -> str:
    """SVG polyline points of stock levels over time, oldest left, zero at the bottom."""
    if not levels:
        return ""
    top = max(max(levels), 1)
    if len(levels) == 1:
        y = round(height - 2 - (height - 4) * levels[0] / top, 1)
        return f"0,{y} {width},{y}"
    step = width / (len(levels) - 1)
    return " ".join(
        f"{round(i * step, 1)},{round(height - 2 - (height - 4) * max(level, 0) / top, 1)}"
        for i, level in enumerate(levels)
    )


# --- calendar --------------------------------------------------------------------------------

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
    """Bars on a time axis clipped to the window; a campaign goes to the first lane free at its start."""
    span = max((window_end - window_start).total_seconds(), 1.0)

    def x_of(moment: datetime) -> float:
        seconds = (min(max(moment, window_start), window_end) - window_start).total_seconds()
        return round(width * seconds / span, 1)

    by_campaign: dict[str, list[Overlap]] = {}
    for overlap in overlaps(campaigns):
        by_campaign.setdefault(overlap.campaign_id, []).append(overlap)
    lanes_end: list[datetime] = []
    bars = []
    for campaign in sorted(campaigns, key=lambda c: (c.starts_at, c.name)):
        lane = next((i for i, end in enumerate(lanes_end) if end <= campaign.starts_at), len(lanes_end))
        if lane == len(lanes_end):
            lanes_end.append(campaign.ends_at)
        else:
            lanes_end[lane] = campaign.ends_at
        start_x = x_of(campaign.starts_at)
        bars.append(CalendarBar(campaign, start_x, max(x_of(campaign.ends_at) - start_x, 2.0), lane,
                                tuple(by_campaign.get(campaign.campaign_id, ()))))
    return bars


# --- stock at risk ---------------------------------------------------------------------------

def advertised_at_risk(
    risky_skus: Mapping[str, str], campaign_skus: Mapping[str, Sequence[str]]
) -> list[tuple[str, str, list[str]]]:
    """(sku, state, campaign ids) for low or sold-out SKUs that open campaigns advertise."""
    rows = []
    for sku, state in sorted(risky_skus.items()):
        advertising = sorted(cid for cid, skus in campaign_skus.items() if sku in skus)
        if advertising:
            rows.append((sku, state, advertising))
    return rows


# --- activity feed ---------------------------------------------------------------------------

def _skus(data: Mapping[str, Any]) -> str:
    skus = data.get("skus") or [i.get("sku") for i in data.get("items") or data.get("lines") or []]
    return ", ".join(str(s) for s in skus if s) or "no SKUs"


def _opt(text: str, value: object) -> str:
    """`text` with the value put in, or nothing when the payload has no such value."""
    return text.format(value) if value else ""


def _reasons(data: Mapping[str, Any]) -> str:
    return "; ".join(str(r) for r in data.get("reasons") or []) or "no reasons given"


_SUMMARIES: dict[str, Any] = {
    "marketing.campaign.launch_requested": lambda d: f"Launch of {d.get('name')} requested ({_skus(d)})",
    "marketing.campaign.readiness_changed": lambda d: f"Readiness {readiness_label(str(d.get('readiness')))}"
    + (f": {_reasons(d)}" if d.get("reasons") else ""),
    "marketing.campaign.scheduled": lambda d: f"{d.get('name')} scheduled to start {d.get('starts_at')}"
    + (" (forced)" if d.get("forced") else ""),
    "marketing.campaign.launched": lambda d: f"{d.get('name')} went live"
    + _opt(" (forced)", d.get("forced")),
    "marketing.campaign.paused": lambda d: "Campaign paused" + _opt(": {}", d.get("reason")),
    "marketing.campaign.resumed": lambda d: "Campaign resumed" + _opt(": {}", d.get("reason")),
    "marketing.campaign.at_risk": lambda d: f"Live campaign at risk: {_reasons(d)}",
    "marketing.campaign.risk_cleared": lambda d: f"Risk cleared: {d.get('cleared')}",
    "marketing.campaign.ended": lambda d: f"Campaign ended ({_skus(d)})",
    "marketing.campaign.cancelled": lambda d: f"Campaign cancelled ({_skus(d)})",
    "inventory.stock.changed": lambda d: f"{d.get('sku')} {int(d.get('delta') or 0):+d} in "
    f"{d.get('warehouse')} ({d.get('reason')}); {d.get('total_available')} available in total",
    "inventory.stock.low": lambda d: f"{d.get('sku')} low: {d.get('total_available')} left "
    f"(threshold {d.get('threshold')})",
    "inventory.stock.depleted": lambda d: f"{d.get('sku')} sold out",
    "inventory.stock.replenished": lambda d: f"{d.get('sku')} replenished: "
    f"{d.get('total_available')} available",
    "inventory.campaign_check.completed": lambda d: f"Stock check: {d.get('overall')} ({_skus(d)})",
    "inventory.return.processed": lambda d: f"Return processed in {d.get('warehouse')} ({_skus(d)})",
    "inventory.return.refused": lambda d: f"Return refused: {_reasons(d)}",
    "inventory.warehouse.changed": lambda d: f"Warehouse {d.get('code')} "
    f"({d.get('name')}, {d.get('country')})",
    "inventory.fulfilment.status_changed": lambda d: f"Order {d.get('order_ref')} {d.get('status')}"
    + (f" with {d['carrier']}" if d.get("carrier") else ""),
    "inventory.fulfilment.delayed": lambda d: f"Order {d.get('order_ref')} delayed: {d.get('reason')}",
    "inventory.fulfilment.delay_cleared": lambda d: f"Order {d.get('order_ref')} no longer delayed",
    "support.ticket.opened": lambda d: f"Ticket opened via {d.get('channel')}"
    + (f" about {d['topic']}" if d.get("topic") else "") + (f" ({d['sku']})" if d.get("sku") else ""),
    "support.return.requested": lambda d: f"Return requested for order {d.get('order_ref')} ({_skus(d)})",
    "support.return.inspected": lambda d: f"Return inspected in {d.get('warehouse')} ({_skus(d)})",
    "support.advisory.published": lambda d: f"Advisory ({d.get('severity')}): {d.get('title')}",
    "support.feedback.trend_detected": lambda d: f"Trend: {d.get('ticket_count')} tickets about "
    f"{d.get('topic')} in {d.get('window_days')} days",
    "support.return.trend_detected": lambda d: f"Return trend: {d.get('line_count')} returns of "
    f"{d.get('sku')} for {d.get('reason')} in {d.get('window_days')} days",
    "content.page.broken": lambda d: f"Page broken: {d.get('url')}"
    + (f" ({'; '.join(d['issues'])})" if d.get("issues") else ""),
    "content.page.restored": lambda d: f"Page restored: {d.get('url')}",
    "content.campaign_check.completed": lambda d: f"Page check: {d.get('overall')}"
    + _opt(", missing product pages {}", ", ".join(d.get("missing_product_pages") or [])),
}

SUMMARY_LENGTH = 300


def feed_summary(event_type: str, data: Mapping[str, Any]) -> str:
    """One line a person reads in the activity feed; a type without its own wording says its name."""
    base = event_type.rsplit(".", 1)[0] if event_type.rsplit(".", 1)[-1].startswith("v") else event_type
    describe = _SUMMARIES.get(base)
    text = describe(data) if describe else base.replace(".", " ").replace("_", " ")
    return text if len(text) <= SUMMARY_LENGTH else text[:SUMMARY_LENGTH - 1] + "…"


def feed_links(data: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The campaign and the SKU an event is about, where its payload names them."""
    campaign_id = data.get("campaign_id")
    sku = data.get("sku")
    return (str(campaign_id) if campaign_id else None, str(sku)[:64] if sku else None)
