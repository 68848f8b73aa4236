"""Who sees which campaign action, readiness and status wording, links, stock at risk."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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


# Which action the page offers in which status, as marketing's status machine allows it. A launch
# stays offered to blocked campaigns so that marketing answers with its refusal in words; only an
# admin is offered the forced launch, and only where a forced launch is what it takes.
_OFFERED_IN: dict[str, frozenset[str]] = {
    "request-launch": frozenset({"draft", "blocked", "at_risk"}),
    "launch": frozenset({"ready", "at_risk", "blocked"}),
    "pause": frozenset({"live"}),
    "resume": frozenset({"paused"}),
    "end": frozenset({"live", "paused"}),
    "cancel": frozenset({"draft", "checking", "ready", "at_risk", "blocked", "scheduled", "live", "paused"}),
    "force-launch": frozenset({"blocked"}),
}


def campaign_actions(role: str, status: str) -> list[Action]:
    """The campaign actions shown to a role for a campaign in this status: marketing's, and for
    admin also the forced launch."""
    if role not in CAMPAIGN_ROLES:
        return []
    offered = [*CAMPAIGN_ACTIONS, *([FORCE_LAUNCH] if role == "admin" else [])]
    return [action for action in offered if status in _OFFERED_IN[action.name]]


def campaign_action(name: str) -> Action | None:
    return next((a for a in (*CAMPAIGN_ACTIONS, FORCE_LAUNCH) if a.name == name), None)


def readiness_label(readiness: str) -> str:
    return readiness.replace("_", " ")


PRE_LAUNCH_STATUSES = frozenset({"unknown", "checking", "ready", "at_risk", "blocked"})


def status_after_readiness(status: str, readiness: str) -> str:
    """Before launch a campaign's status is its readiness verdict (as marketing keeps it); once
    scheduled or live, a verdict no longer changes the status."""
    return readiness if status in PRE_LAUNCH_STATUSES else status


def readiness_after_risk_cleared(remaining_reasons: Sequence[str]) -> str:
    """A live campaign whose last risk went away is ready again."""
    return "at_risk" if remaining_reasons else "ready"


def web_link(url: str | None) -> str:
    """A link target for a URL from an event: http(s) only, anything else (javascript:, data:) '#'."""
    return url if url and url.lower().startswith(("http://", "https://")) else "#"


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
