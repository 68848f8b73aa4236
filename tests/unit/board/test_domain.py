"""The board's pure rules: actions per role, chart and calendar geometry, overlaps, feed lines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.board import domain
from shared.events import CATALOG
from shared.events.examples import EXAMPLES

DAY = timedelta(days=1)
T0 = datetime(2026, 12, 1, tzinfo=UTC)


def _campaign(campaign_id: str, start_day: int, end_day: int, skus: tuple[str, ...], name: str = "") -> (
    domain.CalendarCampaign
):
    return domain.CalendarCampaign(campaign_id, name or campaign_id, T0 + start_day * DAY, T0 + end_day * DAY,
                                   "ready", "scheduled", skus)


def _labels(role: str, status: str) -> list[str]:
    return [a.label for a in domain.campaign_actions(role, status)]


def test_the_actions_shown_follow_the_campaigns_status_as_marketing_allows_them():
    assert _labels("marketing", "draft") == ["Request launch", "Cancel"]
    assert _labels("marketing", "checking") == ["Cancel"]
    assert _labels("marketing", "ready") == ["Launch", "Cancel"]
    assert _labels("marketing", "at_risk") == ["Request launch", "Launch", "Cancel"]
    # launch stays offered to a blocked campaign: marketing answers why not, in words
    assert _labels("marketing", "blocked") == ["Request launch", "Launch", "Cancel"]
    assert _labels("marketing", "scheduled") == ["Cancel"]
    assert _labels("marketing", "live") == ["Pause", "End", "Cancel"]
    assert _labels("marketing", "paused") == ["Resume", "End", "Cancel"]
    assert _labels("marketing", "ended") == [] and _labels("marketing", "cancelled") == []


def test_only_an_admin_is_offered_the_forced_launch_and_only_of_a_blocked_campaign():
    assert _labels("admin", "blocked")[-1] == "Force launch"
    assert domain.campaign_actions("admin", "blocked")[-1].needs_reason
    assert "Force launch" not in _labels("admin", "ready") + _labels("marketing", "blocked")
    for role in ("storefront", "inventory", "support", "content"):
        assert domain.campaign_actions(role, "blocked") == []


def test_actions_are_found_by_their_url_name():
    assert domain.campaign_action("request-launch").label == "Request launch"
    assert domain.campaign_action("force-launch").needs_reason
    assert domain.campaign_action("delete") is None


def test_before_launch_the_status_follows_the_verdict_and_after_it_does_not():
    assert domain.status_after_readiness("checking", "blocked") == "blocked"
    assert domain.status_after_readiness("blocked", "ready") == "ready"
    assert domain.status_after_readiness("live", "at_risk") == "live"
    assert domain.status_after_readiness("scheduled", "ready") == "scheduled"


def test_a_live_campaign_is_ready_again_when_no_risk_remains():
    assert domain.readiness_after_risk_cleared([]) == "ready"
    assert domain.readiness_after_risk_cleared(["SKU-1 sold out"]) == "at_risk"


def test_coverage_bars_are_drawn_against_the_one_and_half_lines():
    chart = domain.coverage_chart([
        {"sku": "SKU-1", "coverage": 0.4, "status": "insufficient"},
        {"sku": "SKU-2", "coverage": 1.5, "status": "ok"},
        {"sku": "SKU-3", "coverage": None, "status": "unknown_demand"},
    ])
    one, two, three = chart.bars
    assert one.label == "SKU-1 0.40 (insufficient)" and three.label.startswith("SKU-3 n/a")
    assert one.value_text == "0.40 insufficient" and one.value_x > chart.label_width + one.width
    assert chart.top > 0 and one.y >= chart.top, "the reference lines' labels sit above the bars"
    assert chart.half_x - chart.label_width == pytest.approx((chart.full_x - chart.label_width) / 2, abs=0.1)
    assert one.width < chart.full_x - chart.label_width < two.width
    assert three.width == 0
    assert one.y < two.y < three.y


def test_a_huge_coverage_is_capped_so_the_reference_lines_stay_readable():
    chart = domain.coverage_chart([{"sku": "S", "coverage": 40.0, "status": "ok"}])
    bar = chart.bars[0]
    assert (chart.full_x - chart.label_width) * 3 == pytest.approx(bar.width, abs=0.2)
    assert bar.value_x + 8 * len(bar.value_text) <= chart.width, "its value still fits to its right"
    assert bar.value_text == "40.00 OK"


def test_sparkline_runs_left_to_right_with_zero_at_the_bottom():
    points = [tuple(map(float, p.split(","))) for p in domain.sparkline_points([0, 5, 10], 100, 20).split()]
    assert [x for x, _ in points] == [0.0, 50.0, 100.0]
    assert points[0][1] > points[1][1] > points[2][1]
    assert domain.sparkline_points([]) == ""
    assert len(domain.sparkline_points([7]).split()) == 2


def test_campaigns_overlap_when_their_dates_and_a_sku_meet():
    a = _campaign("a", 0, 10, ("SKU-1", "SKU-2"), "Winter")
    b = _campaign("b", 5, 15, ("SKU-2",), "Spring")
    c = _campaign("c", 5, 15, ("SKU-9",))
    d = _campaign("d", 10, 20, ("SKU-1",))  # starts exactly when a ends: no overlap
    found = domain.overlaps([a, b, c, d])
    assert [(o.campaign_id, o.other_id, o.sku) for o in found] == [("a", "b", "SKU-2"), ("b", "a", "SKU-2")]
    assert found[0].text == "overlaps with Spring on SKU-2"


def test_calendar_puts_overlapping_campaigns_in_separate_lanes_and_clips_to_the_window():
    a = _campaign("a", 0, 10, ("SKU-1",))
    b = _campaign("b", 5, 15, ("SKU-1",))
    c = _campaign("c", 12, 40, ("SKU-3",))
    bars = {bar.campaign.campaign_id: bar for bar in domain.calendar_layout([c, b, a], T0, T0 + 20 * DAY, 2000)}
    assert bars["a"].lane == 0 and bars["b"].lane == 1 and bars["c"].lane == 0
    assert bars["a"].x == 0 and bars["a"].width == 1000
    assert bars["c"].x + bars["c"].width == 2000
    assert [o.other_id for o in bars["a"].overlaps] == ["b"] and bars["c"].overlaps == ()
    assert bars["a"].label == "a · ready · ⚠ overlap" and bars["c"].label == "c · ready"


def test_a_label_longer_than_its_bar_keeps_the_next_campaign_out_of_its_lane():
    short = _campaign("s", 0, 1, ("SKU-1",), "A campaign with a rather long name")
    after = _campaign("t", 2, 4, ("SKU-2",), "Next")
    bars = {bar.campaign.campaign_id: bar for bar in domain.calendar_layout([short, after], T0, T0 + 20 * DAY, 400)}
    assert bars["s"].lane == 0 and bars["t"].lane == 1, "the first label would run into the second bar"


def test_only_advertised_skus_count_as_stock_at_risk():
    rows = domain.advertised_at_risk({"SKU-1": "low", "SKU-2": "depleted", "SKU-3": "low"},
                                     {"c1": ["SKU-1", "SKU-2"], "c2": ["SKU-2"]})
    assert rows == [("SKU-1", "low", ["c1"]), ("SKU-2", "depleted", ["c1", "c2"])]


def test_every_catalog_type_has_its_own_feed_line():
    for event_type in CATALOG:
        summary = domain.feed_summary(event_type, EXAMPLES[event_type])
        assert summary and summary != event_type.rsplit(".", 1)[0].replace(".", " ").replace("_", " "), event_type
        assert "None" not in summary, (event_type, summary)


def test_feed_lines_of_unknown_types_say_the_type_and_stay_short():
    assert domain.feed_summary("billing.invoice.sent.v1", {}) == "billing invoice sent"
    long = domain.feed_summary("content.page.broken.v1", {"url": "x" * 1000, "issues": []})
    assert len(long) == domain.SUMMARY_LENGTH


def test_feed_links_name_the_campaign_and_sku_of_a_payload():
    assert domain.feed_links({"campaign_id": "c1", "sku": "S"}) == ("c1", "S")
    assert domain.feed_links({}) == (None, None)


def test_only_web_urls_become_links():
    assert domain.web_link("https://shop.example/p/1") == "https://shop.example/p/1"
    assert domain.web_link("HTTP://shop.example") == "HTTP://shop.example"
    for hostile in ("javascript:alert(1)", "data:text/html,x", " javascript:x", None, ""):
        assert domain.web_link(hostile) == "#"


def test_codes_read_as_words():
    assert domain.sentence("insufficient_stock") == "Insufficient stock"
    assert domain.words("at_risk") == "at risk" and domain.words("depleted") == "sold out"
    assert domain.sentence("not_shipped_in_time") == "Not shipped in time"
    assert domain.words(None) == ""


def test_dates_read_as_a_person_writes_them_with_the_distance_from_now():
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    assert domain.human_time(datetime(2026, 12, 3, 14, 5, tzinfo=UTC), now) == "3 Dec 14:05 UTC"
    assert domain.human_time(datetime(2027, 1, 7, 9, 0, tzinfo=UTC), now) == "7 Jan 2027 09:00 UTC"
    assert domain.when(now + timedelta(hours=2, minutes=5), now) == "3 Dec 14:05 UTC (in 2 h)"
    assert domain.when(now - 3 * DAY, now) == "30 Nov 12:00 UTC (3 days ago)"
    assert domain.when(now + timedelta(seconds=20), now).endswith("(just now)")
    assert domain.when(now + 40 * DAY, now) == "12 Jan 2027 12:00 UTC"
    assert domain.relative_time(now - timedelta(minutes=7), now) == "7 min ago"


def test_payload_timestamps_become_aware_moments_and_anything_else_none():
    assert domain.as_moment("2026-12-05T16:34:00Z") == datetime(2026, 12, 5, 16, 34, tzinfo=UTC)
    assert domain.as_moment(datetime(2026, 12, 5)) == datetime(2026, 12, 5, tzinfo=UTC)
    assert domain.as_moment("soon") is None and domain.as_moment(None) is None


def test_supports_order_view_reads_as_the_spec_shapes_it():
    order = domain.order_view("ORD-7", {
        "order_ref": "ORD-7", "status": "in_transit", "warehouse": "BER-1", "carrier": "DHL",
        "tracking_number": "JD01", "tracking_url": "https://track.example/JD01",
        "ship_by": "2026-12-02T12:00:00Z", "deliver_by": None, "delayed": True,
        "delay_reasons": ["no_carrier_scan"],
        "journey": [{"at": "2026-12-01T09:00:00Z", "source": "inventory", "what": "awaiting pick"},
                    {"at": "2026-12-02T10:00:00Z", "source": "support", "what": "ticket opened"}],
    })
    assert (order.status, order.carrier, order.tracking_number, order.delayed) == ("in_transit", "DHL", "JD01", True)
    assert order.ship_by == datetime(2026, 12, 2, 12, tzinfo=UTC) and order.deliver_by is None
    assert [(step.source, step.what) for step in order.journey] == [
        ("inventory", "awaiting pick"), ("support", "ticket opened")]
    assert order.journey[0].at == datetime(2026, 12, 1, 9, tzinfo=UTC)


def test_an_order_answer_missing_fields_reads_as_unknown_not_as_an_error():
    order = domain.order_view("ORD-8", {"journey": "not a list of steps"})
    assert order.order_ref == "ORD-8" and order.status == "unknown" and order.journey == []
    assert order.delay_reasons == [] and order.warehouse is None
