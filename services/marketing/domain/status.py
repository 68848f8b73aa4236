"""The campaign status machine and the launch decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from services.marketing.domain.moments import rfc3339
from shared.errors import Conflict


class Status(StrEnum):
    DRAFT = "draft"
    CHECKING = "checking"
    READY = "ready"
    AT_RISK = "at_risk"
    BLOCKED = "blocked"
    SCHEDULED = "scheduled"
    LIVE = "live"
    PAUSED = "paused"
    ENDED = "ended"
    CANCELLED = "cancelled"


FINAL = frozenset({Status.ENDED, Status.CANCELLED})
PRE_LAUNCH = frozenset({Status.CHECKING, Status.READY, Status.AT_RISK, Status.BLOCKED})
# A campaign that has been live is never edited back to draft: the other teams already acted on it.
# A scheduled one has not: an edit withdraws its approval like any other pre-live edit.
EDITABLE = frozenset({Status.DRAFT, *PRE_LAUNCH, Status.SCHEDULED})
GUARDED = frozenset({Status.LIVE, Status.PAUSED})
ACTIVE = frozenset(Status) - FINAL


_ALLOWED: dict[str, frozenset[Status]] = {
    "edit": EDITABLE,
    "request_launch": EDITABLE,
    "launch": frozenset({Status.READY, Status.AT_RISK}),
    "start": frozenset({Status.SCHEDULED}),
    "pause": frozenset({Status.LIVE}),
    "resume": frozenset({Status.PAUSED}),
    "end": GUARDED,
    "end_unstarted": frozenset({Status.SCHEDULED}),
    "cancel": frozenset(Status) - FINAL,
}
_TARGET: dict[str, Status] = {
    "edit": Status.DRAFT,
    "request_launch": Status.CHECKING,
    "launch": Status.LIVE,
    "start": Status.LIVE,
    "pause": Status.PAUSED,
    "resume": Status.LIVE,
    "end": Status.ENDED,
    "end_unstarted": Status.ENDED,
    "cancel": Status.CANCELLED,
}
_HINTS: dict[str, str] = {
    "edit": "Live, paused, ended and cancelled campaigns cannot be edited.",
    "request_launch": "Only campaigns that have not gone live can be checked.",
    "launch": "Request a launch first and wait for a ready or at-risk verdict.",
    "pause": "Only live campaigns can be paused.",
    "resume": "Only paused campaigns can be resumed.",
    "start": "Only scheduled campaigns go live at their start time.",
    "end": "Only live or paused campaigns can end; cancel a campaign that has not gone live.",
    "end_unstarted": "Only scheduled campaigns end unstarted.",
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


@dataclass(frozen=True)
class LaunchDecision:
    """`live` when the start has come, otherwise `scheduled`; `forced` over a blocked verdict."""

    status: Status
    forced: bool


def decide_launch(
    status: Status, role: str, override_reason: str | None, now: datetime, starts_at: datetime,
    ends_at: datetime,
) -> LaunchDecision:
    """What a launch by a person does; raises when it is not allowed at all."""
    if ends_at <= now:
        raise _past_end(ends_at)
    forced = _forced(status, role, override_reason)
    return LaunchDecision(Status.LIVE if starts_at <= now else Status.SCHEDULED, forced)


def decide_start(
    status: Status, auto_launch: bool, now: datetime, starts_at: datetime, ends_at: datetime
) -> Status:
    """What reaching `starts_at` does: a scheduled campaign, or a ready or at-risk one that asked
    for auto-launch, goes live; raises for any other (the sweeper then leaves it alone)."""
    if ends_at <= now:
        raise _past_end(ends_at)
    if starts_at > now:
        raise Conflict(f"The campaign starts at {rfc3339(starts_at)}; it cannot go live before.",
                       current_status=status.value)
    if status is Status.SCHEDULED:
        return transition(status, "start")
    if not auto_launch:
        raise refusal("launch", status, "Only auto-launch campaigns go live by themselves.")
    return transition(status, "launch")


def _past_end(ends_at: datetime) -> Conflict:
    return Conflict(f"The campaign's end ({rfc3339(ends_at)}) has passed; it cannot go live.")


def _forced(status: Status, role: str, override_reason: str | None) -> bool:
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
