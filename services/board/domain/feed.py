"""The one-line summary of every event in the activity feed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.board.domain.rules import readiness_label
from services.board.domain.wording import as_moment, human_time, words


def _at(value: object) -> str:
    moment = as_moment(value)
    return str(value) if moment is None else human_time(moment, moment)


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
    "marketing.campaign.scheduled": lambda d: f"{d.get('name')} scheduled to start {_at(d.get('starts_at'))}"
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
    f"{d.get('warehouse')} ({words(d.get('reason'))}); {d.get('total_available')} available in total",
    "inventory.stock.low": lambda d: f"{d.get('sku')} low: {d.get('total_available')} left "
    f"(threshold {d.get('threshold')})",
    "inventory.stock.depleted": lambda d: f"{d.get('sku')} sold out",
    "inventory.stock.replenished": lambda d: f"{d.get('sku')} replenished: "
    f"{d.get('total_available')} available",
    "inventory.campaign_check.completed": lambda d: f"Stock check: {words(d.get('overall'))} ({_skus(d)})",
    "inventory.return.processed": lambda d: f"Return processed in {d.get('warehouse')} ({_skus(d)})",
    "inventory.return.refused": lambda d: f"Return refused: {_reasons(d)}",
    "inventory.warehouse.changed": lambda d: f"Warehouse {d.get('code')} "
    f"({d.get('name')}, {d.get('country')})",
    "inventory.fulfilment.status_changed": lambda d: f"Order {d.get('order_ref')} {words(d.get('status'))}"
    + (f" with {d['carrier']}" if d.get("carrier") else ""),
    "inventory.fulfilment.delayed": lambda d: f"Order {d.get('order_ref')} delayed: {words(d.get('reason'))}",
    "inventory.fulfilment.delay_cleared": lambda d: f"Order {d.get('order_ref')} no longer delayed",
    "support.ticket.opened": lambda d: f"Ticket opened via {d.get('channel')}"
    + (f" about {words(d['topic'])}" if d.get("topic") else "") + (f" ({d['sku']})" if d.get("sku") else ""),
    "support.return.requested": lambda d: f"Return requested for order {d.get('order_ref')} ({_skus(d)})",
    "support.return.inspected": lambda d: f"Return inspected in {d.get('warehouse')} ({_skus(d)})",
    "support.advisory.published": lambda d: f"Advisory ({d.get('severity')}): {d.get('title')}",
    "support.feedback.trend_detected": lambda d: f"Trend: {d.get('ticket_count')} tickets about "
    f"{words(d.get('topic'))} in {d.get('window_days')} days",
    "support.return.trend_detected": lambda d: f"Return trend: {d.get('line_count')} returns of "
    f"{d.get('sku')} for {words(d.get('reason'))} in {d.get('window_days')} days",
    "content.page.broken": lambda d: f"Page broken: {d.get('url')}"
    + (f" ({'; '.join(words(i) for i in d['issues'])})" if d.get("issues") else ""),
    "content.page.restored": lambda d: f"Page restored: {d.get('url')}",
    "content.campaign_check.completed": lambda d: f"Page check: {words(d.get('overall'))}"
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
