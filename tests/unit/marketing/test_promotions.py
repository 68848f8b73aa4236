"""Which promotions show at a moment, and until when that answer holds (pure domain)."""

from datetime import UTC, datetime, timedelta

from services.marketing.domain import Promotion, next_change, shown_at

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
HOUR = timedelta(hours=1)


def _promotion(name: str, starts_at: datetime, ends_at: datetime) -> Promotion:
    return Promotion(name, name, "SKU-1", 10.0, starts_at, ends_at, None)


RUNNING = _promotion("running", NOW - HOUR, NOW + 5 * HOUR)
STARTING = _promotion("starting", NOW + 2 * HOUR, NOW + 3 * HOUR)


def test_only_promotions_between_their_start_and_end_show():
    ended = _promotion("ended", NOW - 2 * HOUR, NOW)
    starts_now = _promotion("starts now", NOW, NOW + HOUR)
    assert shown_at([RUNNING, STARTING, ended, starts_now], NOW) == [RUNNING, starts_now]


def test_the_answer_holds_until_the_next_start_or_end():
    assert next_change([RUNNING], NOW) == NOW + 5 * HOUR
    assert next_change([RUNNING, STARTING], NOW) == NOW + 2 * HOUR
    assert next_change([RUNNING, STARTING], NOW + 2 * HOUR) == NOW + 3 * HOUR
    assert next_change([], NOW) is None
