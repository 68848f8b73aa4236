"""Readiness: turning the inventory and content answers to a launch request into a verdict."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from services.marketing.domain.pages import describe_issues, describe_page
from services.marketing.domain.status import Status
from shared.events.payloads import content, inventory

CHECK_SOURCES = ("inventory", "content")
_VERDICT_OF_CHECK = {
    "ok": Status.READY, "at_risk": Status.AT_RISK, "timed_out": Status.AT_RISK,
    "insufficient": Status.BLOCKED, "blocked": Status.BLOCKED,
}


@dataclass(frozen=True)
class CheckAnswer:
    """One team's answer to the current launch request, already turned into reasons."""

    source: str
    status: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    readiness: Status
    reasons: tuple[str, ...]


def evaluate_readiness(answers: Iterable[CheckAnswer]) -> Verdict:
    """SPEC 6: blocked as soon as one check blocks; ready only when both say ok."""
    by_source = {answer.source: answer for answer in answers}
    reasons = tuple(r for source in CHECK_SOURCES if source in by_source for r in by_source[source].reasons)
    verdicts = {_VERDICT_OF_CHECK[answer.status] for answer in by_source.values()}
    if Status.BLOCKED in verdicts:
        return Verdict(Status.BLOCKED, reasons)
    if any(source not in by_source for source in CHECK_SOURCES):
        return Verdict(Status.CHECKING, reasons)
    if Status.AT_RISK in verdicts:
        return Verdict(Status.AT_RISK, reasons)
    return Verdict(Status.READY, reasons)


def timed_out_answer(source: str, timeout_seconds: float) -> CheckAnswer:
    return CheckAnswer(source, "timed_out", (
        f"{source} check timed out: no answer within {_duration(timeout_seconds)}",
    ))


def inventory_answer(check: inventory.CampaignCheckCompleted) -> CheckAnswer:
    reasons = tuple(r for item in check.items if (r := _item_reason(item)))
    if not reasons and check.overall != "ok":
        reasons = (f"inventory rates the campaign's stock as {check.overall.replace('_', ' ')}",)
    return CheckAnswer("inventory", check.overall, reasons)


def _item_reason(item: inventory.ItemCheck) -> str | None:
    if item.status == "ok":
        return None
    if item.status == "unknown_sku":
        return f"{item.sku}: inventory does not know this SKU"
    if item.status == "unknown_demand":
        return f"{item.sku}: no expected units were given and there are no recent sales to estimate them"
    expected = "expected demand" if item.expected_units is None else f"{item.expected_units} expected units"
    if item.estimated:
        expected += " (estimated from recent sales)"
    if item.competing_units:
        expected += f" plus {item.competing_units} units other overlapping campaigns expect"
    usable = max(0, item.available - item.safety_stock)
    coverage = f"{round(item.coverage * 100)}%" if item.coverage is not None else "an unknown share"
    text = f"{item.sku}: stock covers only {coverage} of the {expected} ({usable} units available)"
    if item.projected_stockout_at is not None:
        text += f"; it is projected to sell out on {_moment(item.projected_stockout_at)}"
    return text


def content_answer(check: content.CampaignCheckCompleted) -> CheckAnswer:
    reasons: list[str] = []
    for page in check.pages:
        if page.health in ("broken", "degraded"):
            state = "is broken" if page.health == "broken" else "has problems"
            page_name = describe_page(page.url, page.kind, page.sku)
            reasons.append(f"{page_name[0].upper()}{page_name[1:]} {state}: {describe_issues(page.issues)}")
    reasons.extend(f"{sku} has no product page" for sku in check.missing_product_pages)
    if not reasons and check.overall != "ok":
        reasons.append(f"content rates the campaign's pages as {check.overall.replace('_', ' ')}")
    return CheckAnswer("content", check.overall, tuple(reasons))


def _moment(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _duration(seconds: float) -> str:
    if seconds >= 120 and seconds % 60 == 0:
        return f"{int(seconds // 60)} minutes"
    return "1 second" if seconds == 1 else f"{seconds:g} seconds"
