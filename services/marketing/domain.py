"""Campaign rules: the status machine, readiness verdicts and the live-campaign guard (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from shared.events.payloads import content, inventory


class Status(StrEnum):
    DRAFT = "draft"
    CHECKING = "checking"
    READY = "ready"
    AT_RISK = "at_risk"
    BLOCKED = "blocked"
    LIVE = "live"
    PAUSED = "paused"
    ENDED = "ended"
    CANCELLED = "cancelled"


FINAL = frozenset({Status.ENDED, Status.CANCELLED})
PRE_LAUNCH = frozenset({Status.CHECKING, Status.READY, Status.AT_RISK, Status.BLOCKED})
# A campaign that has been live is never edited back to draft: the other teams already acted on it.
EDITABLE = frozenset({Status.DRAFT, *PRE_LAUNCH})
GUARDED = frozenset({Status.LIVE, Status.PAUSED})
ACTIVE = frozenset(Status) - FINAL


class DomainError(Exception):
    """A business rule refused the action; the message tells the person what to do."""


class IllegalTransition(DomainError):
    def __init__(self, action: str, status: Status, hint: str = "") -> None:
        self.action = action
        self.status = status
        message = f"Cannot {action.replace('_', ' ')} a campaign whose status is {status.value}."
        super().__init__(f"{message} {hint}".strip())


_ALLOWED: dict[str, frozenset[Status]] = {
    "edit": EDITABLE,
    "request_launch": EDITABLE,
    "launch": frozenset({Status.READY, Status.AT_RISK}),
    "pause": frozenset({Status.LIVE}),
    "resume": frozenset({Status.PAUSED}),
    "end": GUARDED,
    "cancel": frozenset(Status) - FINAL,
}
_TARGET: dict[str, Status] = {
    "edit": Status.DRAFT,
    "request_launch": Status.CHECKING,
    "launch": Status.LIVE,
    "pause": Status.PAUSED,
    "resume": Status.LIVE,
    "end": Status.ENDED,
    "cancel": Status.CANCELLED,
}
_HINTS: dict[str, str] = {
    "edit": "Live, paused, ended and cancelled campaigns cannot be edited.",
    "request_launch": "Only campaigns that have not gone live can be checked.",
    "launch": "Request a launch first and wait for a ready or at-risk verdict.",
    "pause": "Only live campaigns can be paused.",
    "resume": "Only paused campaigns can be resumed.",
    "end": "Only live or paused campaigns can end.",
    "cancel": "The campaign is already over.",
}


def transition(status: Status, action: str) -> Status:
    """The status after `action`, or IllegalTransition naming the current status."""
    if status not in _ALLOWED[action]:
        raise IllegalTransition(action, status, _HINTS[action])
    return _TARGET[action]


def decide_launch(
    status: Status, role: str, override_reason: str | None, now: datetime, ends_at: datetime
) -> bool:
    """Whether the launch is forced; raises when it is not allowed at all."""
    if ends_at <= now:
        raise DomainError(f"The campaign's end ({ends_at.isoformat()}) has passed; it cannot go live.")
    if status is not Status.BLOCKED:
        transition(status, "launch")
        return False
    if role != "admin":
        raise IllegalTransition(
            "launch", status, "Only an admin can force-launch a blocked campaign, with an override_reason."
        )
    if not override_reason:
        raise IllegalTransition("launch", status, "Give an override_reason to force-launch it.")
    return True


# --- readiness -------------------------------------------------------------------------------

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


_ISSUE_WORDS = {
    "unreachable": "cannot be reached",
    "http_error": "answers with an HTTP error",
    "broken_image": "has a broken image",
    "broken_link": "has a broken link",
    "broken_asset": "has a broken stylesheet or script",
    "slow": "loads slowly (over 2 s)",
    "stale": "has not been updated for a long time",
    "missing_title": "has no title",
}


def describe_issues(issues: Iterable[str]) -> str:
    words = [_ISSUE_WORDS.get(issue, issue.replace("_", " ")) for issue in issues]
    return ", ".join(words) if words else "reported without details"


def describe_page(url: str, kind: str, sku: str | None) -> str:
    if kind == "product" and sku:
        return f"the product page of {sku} ({url})"
    return f"the {kind} page {url}"


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


# --- live-campaign guard ----------------------------------------------------------------------

SKU_DEPLETED = "sku_depleted"
PAGE_BROKEN = "page_broken"


@dataclass(frozen=True)
class Risk:
    cause: str
    cause_key: str
    sku: str | None
    reason: str


def depletion_risk(sku: str) -> Risk:
    return Risk(SKU_DEPLETED, sku, sku, f"{sku} is sold out in every warehouse")


def broken_page_risk(url: str, kind: str, sku: str | None, issues: Iterable[str]) -> Risk:
    page_name = describe_page(url, kind, sku)
    reason = f"{page_name[0].upper()}{page_name[1:]} is broken: {describe_issues(issues)}"
    return Risk(PAGE_BROKEN, url, sku if kind == "product" else None, reason)


def page_concerns_campaign(
    url: str, kind: str, sku: str | None, landing_url: str | None, skus: Iterable[str]
) -> bool:
    """The campaign's landing page, or the product page of one of its SKUs."""
    if landing_url is not None and url == landing_url:
        return True
    return kind == "product" and sku is not None and sku in set(skus)


def should_auto_pause(
    status: Status, auto_pause_on_stockout: bool, skus: Iterable[str], depleted: Iterable[str]
) -> bool:
    """Pause only a live campaign that asks for it, once every one of its SKUs is sold out."""
    campaign_skus = set(skus)
    return (
        status is Status.LIVE and auto_pause_on_stockout
        and bool(campaign_skus) and campaign_skus <= set(depleted)
    )


AUTO_PAUSE_REASON = "every SKU of the campaign is sold out"


def affected_skus(risk_skus: Iterable[str | None], campaign_skus: Iterable[str]) -> list[str]:
    """The campaign SKUs its risks concern; a broken landing page concerns all of them."""
    concerned = list(risk_skus)
    if any(sku is None for sku in concerned):
        return list(campaign_skus)
    return [sku for sku in campaign_skus if sku in set(concerned)]
