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


def test_marketing_sees_the_six_actions_admin_also_the_forced_launch_and_others_none():
    labels = [a.label for a in domain.campaign_actions("marketing")]
    assert labels == ["Request launch", "Launch", "Pause", "Resume", "End", "Cancel"]
    admin = domain.campaign_actions("admin")
    assert admin[-1].label == "Force launch" and admin[-1].needs_reason
    for role in ("storefront", "inventory", "support", "content"):
        assert domain.campaign_actions(role) == []


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
    assert chart.half_x - chart.label_width == pytest.approx((chart.full_x - chart.label_width) / 2, abs=0.1)
    assert one.width < chart.full_x - chart.label_width < two.width
    assert three.width == 0
    assert one.y < two.y < three.y


def test_a_huge_coverage_is_capped_so_the_reference_lines_stay_readable():
    chart = domain.coverage_chart([{"sku": "S", "coverage": 40.0, "status": "ok"}])
    assert chart.full_x - chart.label_width >= (chart.width - chart.label_width - 10) / 3 - 1
    assert chart.bars[0].width <= chart.width - chart.label_width


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
    bars = {bar.campaign.campaign_id: bar for bar in domain.calendar_layout([c, b, a], T0, T0 + 20 * DAY, 200)}
    assert bars["a"].lane == 0 and bars["b"].lane == 1 and bars["c"].lane == 0
    assert bars["a"].x == 0 and bars["a"].width == 100
    assert bars["c"].x + bars["c"].width == 200
    assert [o.other_id for o in bars["a"].overlaps] == ["b"] and bars["c"].overlaps == ()


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
