"""The pure fulfilment and quality alert rules."""

from datetime import UTC, datetime, timedelta

import pytest

from services.inventory.domain import fulfilments as rules
from services.inventory.domain import quality, status_as_seen
from shared.errors import Conflict

T0 = datetime(2026, 12, 1, 12, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_the_warehouse_moves_a_fulfilment_in_order_and_an_illegal_step_names_the_status():
    status = "awaiting_pick"
    for action, expected in (("pick", "picked"), ("pack", "packed"), ("ship", "shipped"),
                             ("exception", "exception"), ("deliver", "delivered")):
        status = rules.transition(status, action)
        assert status == expected
    with pytest.raises(Conflict) as refused:
        rules.transition("delivered", "cancel")
    assert refused.value.current_status == "delivered"
    assert rules.transition("packed", "cancel") == "cancelled"
    with pytest.raises(Conflict):
        rules.transition("shipped", "cancel")
    with pytest.raises(Conflict):
        rules.transition("exception", "exception")


def test_a_scan_moves_the_status_only_when_it_is_the_latest_and_delivery_is_final():
    assert rules.apply_scan("shipped", "in_transit", T0, None, None) == rules.ScanDecision("in_transit", True)
    assert rules.apply_scan("in_transit", "in_transit", T0 + HOUR, T0, None) == rules.ScanDecision(None, True)
    assert rules.apply_scan("in_transit", "delivered", T0 - HOUR, T0, None) == rules.ScanDecision(None, False)
    assert rules.apply_scan("in_transit", "attempted_delivery", T0 + HOUR, T0, None).status == "out_for_delivery"
    assert rules.apply_scan("delivered", "in_transit", T0 + 9 * HOUR, T0, None).status is None
    assert rules.apply_scan("exception", "in_transit", T0, None, T0 + HOUR) == rules.ScanDecision(None, True)
    assert rules.apply_scan("exception", "in_transit", T0 + 2 * HOUR, None, T0 + HOUR).status == "in_transit"


def test_the_sweep_finds_each_delay_reason_from_the_moment_it_began():
    stalled = timedelta(hours=72)
    waiting = rules.DelayFacts("packed", T0, T0 + 48 * HOUR, None, None)
    assert rules.due_delays(waiting, T0 - HOUR, stalled) == {}
    assert rules.due_delays(waiting, T0 + 49 * HOUR, stalled) == {
        "not_shipped_in_time": T0, "late_delivery": T0 + 48 * HOUR}
    silent = rules.DelayFacts("in_transit", T0, None, T0, T0 + HOUR)
    assert rules.due_delays(silent, T0 + 72 * HOUR, stalled) == {}
    assert rules.due_delays(silent, T0 + 73 * HOUR, stalled) == {"no_carrier_scan": T0 + 73 * HOUR}
    done = rules.DelayFacts("delivered", T0, T0, T0, None)
    assert rules.due_delays(done, T0 + 1000 * HOUR, stalled) == {}
    assert rules.cleared_by_status("shipped") == {"not_shipped_in_time"}
    assert len(rules.cleared_by_status("delivered")) == 4


def test_a_split_reservation_ships_from_the_warehouse_holding_most_units():
    assert rules.fulfilling_warehouse({"W1": 1, "W2": 5}) == "W2"
    assert rules.fulfilling_warehouse({"W2": 3, "W1": 3}) == "W1"


def test_return_reasons_map_to_alert_kinds_and_a_resolved_alert_stays_resolved():
    assert (quality.alert_kind("damaged"), quality.alert_kind("wrong_item")) == ("packaging", "picking")
    assert quality.alert_kind("not_as_described") is None
    assert quality.change_status("open", "investigating") == "investigating"
    assert quality.change_status("investigating", "open") == "open"
    with pytest.raises(Conflict) as refused:
        quality.change_status("resolved", "open")
    assert refused.value.current_status == "resolved"


def test_an_active_reservation_past_its_time_reads_expired():
    assert status_as_seen("active", T0, T0) == "expired"
    assert status_as_seen("active", T0 + HOUR, T0) == "active"
    assert status_as_seen("committed", T0 - HOUR, T0) == "committed"
