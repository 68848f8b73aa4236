"""The campaign status machine and the launch decision."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from shared.errors import Conflict


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


def refusal(action: str, status: Status, hint: str) -> Conflict:
    """The 409 for an action the campaign's status does not allow, naming that status."""
    message = f"Cannot {action.replace('_', ' ')} a campaign whose status is {status.value}."
    return Conflict(f"{message} {hint}".strip(), current_status=status.value)


def transition(status: Status, action: str) -> Status:
    """The status after `action`, or a Conflict naming the current status."""
    if status not in _ALLOWED[action]:
        raise refusal(action, status, _HINTS[action])
    return _TARGET[action]


def decide_launch(
    status: Status, role: str, override_reason: str | None, now: datetime, ends_at: datetime
) -> bool:
    """Whether the launch is forced; raises when it is not allowed at all."""
    if ends_at <= now:
        raise Conflict(f"The campaign's end ({ends_at.isoformat()}) has passed; it cannot go live.")
    if status is not Status.BLOCKED:
        transition(status, "launch")
        return False
    if role != "admin":
        raise refusal(
            "launch", status, "Only an admin can force-launch a blocked campaign, with an override_reason."
        )
    if not override_reason:
        raise refusal("launch", status, "Give an override_reason to force-launch it.")
    return True
