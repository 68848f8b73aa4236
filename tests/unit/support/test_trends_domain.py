from datetime import UTC, datetime, timedelta

import pytest

from services.support.domain.tickets import check_ticket_status, normalise_topic, trend_due, trend_key
from shared.errors import Conflict

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


def hours_ago(*hours):
    return [NOW - timedelta(hours=h) for h in hours]


def test_trend_is_due_when_threshold_tickets_fall_inside_the_window():
    times = hours_ago(0, 1, 2, 3, 4)
    assert trend_due(times, None, NOW, 5, WEEK) == NOW - timedelta(hours=4)


def test_tickets_older_than_the_window_do_not_count():
    times = hours_ago(0, 1, 2, 3, 24 * 8)
    assert trend_due(times, None, NOW, 5, WEEK) is None


def test_a_window_emits_once_and_its_tickets_do_not_count_towards_the_next():
    first_start = NOW - timedelta(days=6)
    assert trend_due(hours_ago(0, 1, 2, 3, 4, 5), first_start, NOW, 5, WEEK) is None
    later = NOW + timedelta(days=2)
    old_window_tickets = [first_start + timedelta(hours=h) for h in range(6)]
    assert trend_due(old_window_tickets, first_start, later, 5, WEEK) is None
    fresh = [later - timedelta(hours=h) for h in range(5)]
    assert trend_due(old_window_tickets + fresh, first_start, later, 5, WEEK) == later - timedelta(hours=4)


def test_trend_keys_separate_topics_and_targets_and_topics_ignore_case():
    assert trend_key("delivery", "SKU-1", None) != trend_key("delivery", None, "SKU-1")
    assert trend_key("delivery", "SKU-1", None) != trend_key("sizing", "SKU-1", None)
    assert normalise_topic("  Late   Delivery ") == "late delivery"


def test_a_closed_ticket_cannot_be_reopened():
    check_ticket_status("resolved", "open")
    with pytest.raises(Conflict, match="closed") as refused:
        check_ticket_status("closed", "open")
    assert refused.value.current_status == "closed"
