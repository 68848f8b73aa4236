from datetime import UTC, datetime, timedelta

from services.support.domain.catalog import bounded, refuse_unknown_skus, refuse_unknown_warehouse
from services.support.domain.return_trends import ReturnedLine, is_transit_damage, sample_comments


def test_a_bounded_listing_names_the_first_twenty_then_how_many_more():
    codes = [f"SKU-{n:03}" for n in range(500)]
    text = bounded(codes[:20], 500)
    assert text.startswith("SKU-000, SKU-001") and text.endswith("SKU-019 and 480 more")
    assert bounded(["A", "B"], 2) == "A, B"
    assert bounded([], 0) == "none"


def test_unknown_sku_refusal_names_the_unknown_and_a_bounded_list_of_the_known():
    known = [f"K-{n:02}" for n in range(20)]
    refusal = refuse_unknown_skus(["NOPE"], [1], known, 75)
    assert refusal.status == 422
    assert "never announced NOPE" in refusal.detail and "K-19 and 55 more" in refusal.detail
    assert refusal.extensions["unknown_skus"] == ["NOPE"]
    assert refusal.extensions["known_skus"] == known and refusal.extensions["known_sku_count"] == 75
    assert refusal.extensions["errors"][0]["field"] == "body.lines.1.sku"


def test_unknown_warehouse_refusal_says_so_when_none_is_known():
    refusal = refuse_unknown_warehouse("XYZ-9", [], 0)
    assert "warehouse XYZ-9" in refusal.detail and refusal.detail.endswith("Known warehouses: none.")


def test_only_carrier_damage_counts_as_a_damaged_line():
    assert is_transit_damage("exception", "damaged_in_transit")
    assert not is_transit_damage("exception", "lost")
    assert not is_transit_damage("delivered", "damaged_in_transit")


def test_sample_comments_are_the_newest_non_empty_ones():
    start = datetime(2026, 12, 1, tzinfo=UTC)
    lines = [ReturnedLine(start + timedelta(hours=n), comment) for n, comment in
             enumerate(["oldest", None, "middle", "newest"])]
    assert sample_comments(lines, 2) == ["newest", "middle"]
