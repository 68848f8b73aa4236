"""Pure content rules: health, score, verdicts, transitions, tasks and kind guessing."""

from datetime import UTC, datetime, timedelta

import pytest

from services.content import domain
from services.content.domain import Issue
from services.content.settings import DEFAULT_KIND_PATTERNS, Settings


@pytest.mark.parametrize(("kind", "codes", "health"), [
    ("product", [], "ok"),
    ("product", ["http_error"], "broken"),
    ("faq", ["unreachable"], "broken"),
    ("product", ["broken_image"], "broken"),
    ("landing", ["broken_image"], "broken"),
    ("checkout", ["broken_image"], "broken"),
    ("category", ["broken_image"], "degraded"),
    ("product", ["broken_link", "slow", "stale", "missing_title", "broken_asset"], "degraded"),
])
def test_health_follows_the_page_kind_and_issues(kind, codes, health):
    assert domain.classify(kind, [Issue(code) for code in codes]) == health


def test_score_is_100_when_clean_0_when_the_page_fails_and_capped_when_broken():
    assert domain.score("product", []) == 100
    assert domain.score("product", [Issue("unreachable")]) == 0
    assert domain.score("product", [Issue("broken_image")]) <= domain.BROKEN_SCORE_CAP
    assert domain.score("category", [Issue("broken_image")]) == 80
    many = [Issue("broken_link", url=f"/l{i}") for i in range(50)]
    assert domain.score("faq", many) == 80
    everything = [Issue(code) for code in domain.PENALTIES] * 3
    assert 0 <= domain.score("other", everything) < 50


def test_transitions_are_only_into_and_out_of_broken():
    assert domain.transition("unknown", "broken") == domain.Transition(True, False)
    assert domain.transition("ok", "broken") == domain.Transition(True, False)
    assert domain.transition("broken", "broken") == domain.Transition(False, False)
    assert domain.transition("broken", "degraded") == domain.Transition(False, True)
    assert domain.transition("ok", "degraded") == domain.Transition(False, False)


def test_campaign_verdict_blocks_on_broken_or_missing_pages_and_warns_on_degraded():
    assert domain.campaign_verdict(["ok", "ok"], []) == "ok"
    assert domain.campaign_verdict(["ok", "degraded"], []) == "at_risk"
    assert domain.campaign_verdict(["degraded", "broken"], []) == "blocked"
    assert domain.campaign_verdict(["ok"], ["SKU-1"]) == "blocked"
    assert domain.campaign_verdict([], []) == "ok"


def test_stale_pages_and_tasks_from_a_check():
    now = datetime(2026, 11, 30, tzinfo=UTC)
    assert domain.is_stale(now - timedelta(days=181), now, 180)
    assert not domain.is_stale(now - timedelta(days=179), now, 180)
    assert not domain.is_stale(None, now, 180)
    assert domain.tasks_for_check("broken", [Issue("http_error"), Issue("stale")]) == [
        "fix_broken_page", "refresh_stale_page",
    ]
    assert domain.tasks_for_check("degraded", [Issue("slow")]) == []


def test_a_done_task_stays_done():
    assert domain.can_move_task("open", "in_progress")
    assert domain.can_move_task("in_progress", "open")
    assert domain.can_move_task("done", "done")
    assert not domain.can_move_task("done", "open")


def test_task_subject_prefers_the_page_then_the_sku_then_the_url():
    assert domain.task_subject("p1", "SKU", "http://x/") == "page:p1"
    assert domain.task_subject(None, "SKU", "http://x/") == "sku:SKU"
    assert domain.task_subject(url="http://x/") == "url:http://x/"
    with pytest.raises(ValueError):
        domain.task_subject()


@pytest.mark.parametrize(("url", "kind"), [
    ("https://shop.example/products/trail-runner", "product"),
    ("https://shop.example/c/shoes/", "category"),
    ("https://shop.example/campaigns/spring", "landing"),
    ("https://shop.example/help", "faq"),
    ("https://shop.example/checkout", "checkout"),
    ("https://shop.example/about-us", "other"),
])
def test_kind_is_guessed_from_the_configured_url_patterns(url, kind):
    assert domain.guess_kind(url, DEFAULT_KIND_PATTERNS) == kind


def test_kind_patterns_are_validated_and_private_targets_follow_the_environment():
    with pytest.raises(ValueError):
        Settings(kind_patterns={"blog": "/blog/"})
    with pytest.raises(ValueError):
        Settings(kind_patterns={"product": "(["})
    assert Settings().private_targets_allowed
    production = Settings(app_env="production", api_keys="k1:content")
    assert not production.private_targets_allowed
    opted_in = Settings(app_env="production", api_keys="k1:content", allow_private_targets=True)
    assert opted_in.private_targets_allowed


def test_skus_and_urls_are_checked_before_they_become_keys():
    assert domain.is_valid_sku("SKU-1.a_b")
    assert not domain.is_valid_sku("bad sku")
    assert not domain.is_valid_sku(None)
    assert domain.is_storable_url("https://shop.example/a")
    assert not domain.is_storable_url("javascript:alert(1)")
    assert not domain.is_storable_url("https://shop.example/" + "a" * 3000)
