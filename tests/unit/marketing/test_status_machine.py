"""The campaign status machine and launch decisions (pure domain)."""

from datetime import UTC, datetime, timedelta

import pytest

from services.marketing.domain import LaunchDecision, Status, decide_launch, decide_start, transition
from shared.errors import Conflict

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
EARLIER = NOW - timedelta(hours=1)
SOON = NOW + timedelta(days=1)
LATER = NOW + timedelta(days=7)


def test_happy_path_runs_from_draft_to_ended():
    status = transition(Status.DRAFT, "request_launch")
    assert status is Status.CHECKING
    assert transition(Status.READY, "launch") is Status.LIVE
    assert transition(Status.LIVE, "pause") is Status.PAUSED
    assert transition(Status.PAUSED, "resume") is Status.LIVE
    assert transition(Status.LIVE, "end") is Status.ENDED


@pytest.mark.parametrize("status", [s for s in Status if s not in (Status.ENDED, Status.CANCELLED)])
def test_every_non_final_status_can_be_cancelled(status):
    assert transition(status, "cancel") is Status.CANCELLED


@pytest.mark.parametrize("status", [Status.ENDED, Status.CANCELLED])
def test_final_statuses_refuse_everything(status):
    for action in ("edit", "request_launch", "launch", "pause", "resume", "end", "cancel"):
        with pytest.raises(Conflict):
            transition(status, action)


@pytest.mark.parametrize(
    "status", [Status.DRAFT, Status.CHECKING, Status.READY, Status.AT_RISK, Status.BLOCKED, Status.SCHEDULED]
)
def test_editing_before_launch_sends_the_campaign_back_to_draft(status):
    assert transition(status, "edit") is Status.DRAFT


@pytest.mark.parametrize("status", [Status.LIVE, Status.PAUSED, Status.ENDED, Status.CANCELLED])
def test_campaigns_that_went_live_cannot_be_edited_or_rechecked(status):
    with pytest.raises(Conflict):
        transition(status, "edit")
    with pytest.raises(Conflict):
        transition(status, "request_launch")


def test_illegal_transition_names_the_current_status():
    with pytest.raises(Conflict) as refused:
        transition(Status.DRAFT, "pause")
    assert str(refused.value) == (
        "Cannot pause a campaign whose status is draft. Only live campaigns can be paused."
    )
    assert refused.value.current_status == "draft"


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CHECKING, Status.LIVE, Status.SCHEDULED])
def test_launch_needs_a_verdict(status):
    with pytest.raises(Conflict, match=status.value) as refused:
        decide_launch(status, "admin", "because", NOW, EARLIER, LATER)
    assert refused.value.current_status == status.value


@pytest.mark.parametrize("status", [Status.READY, Status.AT_RISK])
def test_ready_or_at_risk_campaign_whose_start_has_come_goes_live_unforced(status):
    assert decide_launch(status, "marketing", None, NOW, EARLIER, LATER) == LaunchDecision(Status.LIVE, False)
    assert decide_launch(status, "marketing", None, NOW, NOW, LATER) == LaunchDecision(Status.LIVE, False)


@pytest.mark.parametrize("status", [Status.READY, Status.AT_RISK])
def test_launch_before_the_start_schedules_the_campaign(status):
    assert decide_launch(status, "marketing", None, NOW, SOON, LATER) == LaunchDecision(Status.SCHEDULED, False)


def test_blocked_campaign_is_refused_to_marketing_even_with_a_reason():
    with pytest.raises(Conflict, match="blocked"):
        decide_launch(Status.BLOCKED, "marketing", "we really want it", NOW, EARLIER, LATER)


def test_blocked_campaign_needs_an_admin_override_reason():
    with pytest.raises(Conflict, match="override_reason"):
        decide_launch(Status.BLOCKED, "admin", None, NOW, EARLIER, LATER)
    assert decide_launch(Status.BLOCKED, "admin", "stock arrives tomorrow", NOW, EARLIER, LATER) == (
        LaunchDecision(Status.LIVE, True)
    )
    assert decide_launch(Status.BLOCKED, "admin", "stock arrives tomorrow", NOW, SOON, LATER) == (
        LaunchDecision(Status.SCHEDULED, True)
    )


def test_campaign_past_its_end_cannot_go_live():
    with pytest.raises(Conflict, match="has passed"):
        decide_launch(Status.READY, "marketing", None, LATER, EARLIER, NOW)
    with pytest.raises(Conflict, match="has passed"):
        decide_start(Status.SCHEDULED, False, LATER, EARLIER, NOW)


@pytest.mark.parametrize("auto_launch", [False, True])
def test_a_scheduled_campaign_goes_live_once_its_start_has_come(auto_launch):
    assert decide_start(Status.SCHEDULED, auto_launch, NOW, EARLIER, LATER) is Status.LIVE
    assert decide_start(Status.SCHEDULED, auto_launch, NOW, NOW, LATER) is Status.LIVE
    with pytest.raises(Conflict, match="cannot go live before"):
        decide_start(Status.SCHEDULED, auto_launch, NOW, SOON, LATER)


@pytest.mark.parametrize("status", [Status.READY, Status.AT_RISK])
def test_only_auto_launch_campaigns_with_a_verdict_start_by_themselves(status):
    assert decide_start(status, True, NOW, EARLIER, LATER) is Status.LIVE
    with pytest.raises(Conflict, match="auto-launch"):
        decide_start(status, False, NOW, EARLIER, LATER)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CHECKING, Status.BLOCKED, Status.LIVE,
                                    Status.PAUSED, Status.ENDED, Status.CANCELLED])
def test_nothing_else_starts_by_itself(status):
    with pytest.raises(Conflict) as refused:
        decide_start(status, True, NOW, EARLIER, LATER)
    assert refused.value.current_status == status.value


@pytest.mark.parametrize("action", ["pause", "resume", "end"])
def test_a_scheduled_campaign_refuses_pause_resume_and_end(action):
    with pytest.raises(Conflict) as refused:
        transition(Status.SCHEDULED, action)
    assert refused.value.current_status == "scheduled"


def test_a_scheduled_campaign_can_be_cancelled_rechecked_or_end_unstarted():
    assert transition(Status.SCHEDULED, "cancel") is Status.CANCELLED
    assert transition(Status.SCHEDULED, "request_launch") is Status.CHECKING
    assert transition(Status.SCHEDULED, "end_unstarted") is Status.ENDED
    with pytest.raises(Conflict):
        transition(Status.LIVE, "end_unstarted")
