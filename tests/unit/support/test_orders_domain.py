from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from services.support.domain.delays import cluster_severity, delivery_delay_advisory
from services.support.domain.orders import (
    JourneyStep,
    OrderState,
    OrderStatus,
    in_time_order,
    priority_for,
    suggested_reply,
    supersedes,
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SHIPPED = OrderState(
    order_ref="ORD-1", fulfilment_id="f-1", warehouse="BER-1", status="in_transit", carrier="DHL",
    tracking_number="TRK-9", tracking_url="https://track.example/TRK-9", ship_by=NOW,
    deliver_by=NOW + timedelta(days=2), status_at=NOW, updated_at=NOW,
)


def test_the_suggested_reply_names_status_carrier_tracking_link_and_expected_delivery():
    reply = suggested_reply(OrderStatus(SHIPPED, []))
    assert reply is not None
    assert "ORD-1 is on its way" in reply
    assert "DHL with tracking number TRK-9" in reply
    assert "https://track.example/TRK-9" in reply
    assert "expected to arrive by Thu 03 Dec 2026, 09:00 UTC" in reply


def test_an_order_not_yet_shipped_gets_its_ship_by_date_and_no_carrier():
    waiting = replace(SHIPPED, status="packed", deliver_by=None)
    reply = suggested_reply(OrderStatus(waiting, []))
    assert reply is not None and "leave our warehouse by Tue 01 Dec 2026" in reply
    assert "DHL" not in reply


def test_a_delayed_order_gets_no_suggested_reply():
    assert suggested_reply(OrderStatus(SHIPPED, ["late_delivery"])) is None


@pytest.mark.parametrize(("priority", "topic", "reasons", "expected"), [
    ("normal", "order_status", ["no_carrier_scan"], "high"),
    ("low", "order_status", ["no_carrier_scan"], "high"),
    ("urgent", "order_status", ["no_carrier_scan"], "urgent"),
    ("normal", "order_status", [], "normal"),
    ("normal", "sizing", ["no_carrier_scan"], "normal"),
])
def test_where_is_my_order_tickets_on_delayed_orders_are_at_least_high(priority, topic, reasons, expected):
    assert priority_for(priority, topic, OrderStatus(SHIPPED, reasons)) == expected


def test_a_status_report_older_than_the_stored_one_does_not_replace_it():
    assert supersedes(None, NOW)
    assert supersedes(NOW, NOW + timedelta(seconds=1))
    assert not supersedes(NOW, NOW - timedelta(seconds=1))


def test_the_journey_is_in_time_order_across_sources():
    steps = [JourneyStep(NOW, "ticket", "b"), JourneyStep(NOW - timedelta(hours=1), "return", "a"),
             JourneyStep(NOW, "fulfilment", "c")]
    assert [s.what for s in in_time_order(steps)] == ["a", "c", "b"]


@pytest.mark.parametrize(("delayed", "expected"), [(9, None), (10, "warning"), (29, "warning"), (30, "critical")])
def test_a_cluster_starts_at_the_threshold_and_is_critical_at_three_times_it(delayed, expected):
    assert cluster_severity(delayed, 10) == expected


def test_the_delay_advisory_names_the_carrier_count_and_expected_contacts():
    draft = delivery_delay_advisory("carrier", "DHL", 11, 10, 0.3)
    assert draft is not None
    assert (draft.kind, draft.severity, draft.expected_extra_contacts) == ("delivery_delay", "warning", 4)
    assert "11 orders delayed at carrier DHL" in draft.title
    assert delivery_delay_advisory("warehouse", "BER-1", 9, 10, 0.3) is None
