"""The campaign status machine and launch decisions (pure domain)."""

from datetime import UTC, datetime, timedelta

import pytest

from services.marketing.domain import Status, decide_launch, transition
from shared.errors import Conflict

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
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
    "status", [Status.DRAFT, Status.CHECKING, Status.READY, Status.AT_RISK, Status.BLOCKED]
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


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CHECKING, Status.LIVE])
def test_launch_needs_a_verdict(status):
    with pytest.raises(Conflict, match=status.value):
        decide_launch(status, "admin", "because", NOW, LATER)


@pytest.mark.parametrize("status", [Status.READY, Status.AT_RISK])
def test_ready_or_at_risk_campaign_launches_unforced(status):
    assert decide_launch(status, "marketing", None, NOW, LATER) is False


def test_blocked_campaign_is_refused_to_marketing_even_with_a_reason():
    with pytest.raises(Conflict, match="blocked"):
        decide_launch(Status.BLOCKED, "marketing", "we really want it", NOW, LATER)


def test_blocked_campaign_needs_an_admin_override_reason():
    with pytest.raises(Conflict, match="override_reason"):
        decide_launch(Status.BLOCKED, "admin", None, NOW, LATER)
    assert decide_launch(Status.BLOCKED, "admin", "stock arrives tomorrow", NOW, LATER) is True


def test_campaign_past_its_end_cannot_go_live():
    with pytest.raises(Conflict, match="has passed"):
        decide_launch(Status.READY, "marketing", None, LATER, NOW)
