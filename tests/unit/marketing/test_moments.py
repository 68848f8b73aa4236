"""Moments are written in UTC with `Z`; risk recoveries say what changed (pure domain)."""

from datetime import UTC, datetime, timedelta, timezone

from services.marketing.domain import broken_page_risk, depletion_risk, recovery, rfc3339, with_zulu


def test_moments_are_written_in_utc_with_z():
    assert rfc3339(datetime(2026, 12, 5, 8, tzinfo=UTC)) == "2026-12-05T08:00:00Z"
    assert rfc3339(datetime(2026, 12, 5, 9, 0, 0, 5, tzinfo=timezone(timedelta(hours=1)))) == (
        "2026-12-05T08:00:00.000005Z"
    )


def test_stored_timestamp_strings_are_rewritten_with_z_and_other_text_is_left_alone():
    stored = {
        "sent_at": "2026-12-05T08:00:00.123456+00:00",
        "items": [{"projected_stockout_at": "2026-12-05T09:00:00+01:00", "sku": "SKU-1"}],
        "notes": ["at 2026-12-05T08:00:00+00:00", "2026-13-05T08:00:00+00:00", "0001-01-01T00:00:00+01:00"],
        "count": 3, "none": None,
    }
    assert with_zulu(stored) == {
        "sent_at": "2026-12-05T08:00:00.123456Z",
        "items": [{"projected_stockout_at": "2026-12-05T08:00:00Z", "sku": "SKU-1"}],
        "notes": ["at 2026-12-05T08:00:00+00:00", "2026-13-05T08:00:00+00:00", "0001-01-01T00:00:00+01:00"],
        "count": 3, "none": None,
    }


def test_a_cleared_risk_says_what_changed_rather_than_what_was_wrong():
    assert recovery(depletion_risk("SKU-1")) == "SKU-1 is back in stock"
    page = broken_page_risk("https://shop.example/p/1", "product", "SKU-1", ["http_error"])
    assert recovery(page) == "https://shop.example/p/1 works again"
