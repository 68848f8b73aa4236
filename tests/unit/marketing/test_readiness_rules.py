"""Readiness verdicts and the reasons a marketing manager reads (pure domain)."""

from datetime import UTC, datetime

from services.marketing.domain import (
    CheckAnswer,
    Status,
    content_answer,
    evaluate_readiness,
    inventory_answer,
    timed_out_answer,
)
from shared.events.payloads import content, inventory

OK_INVENTORY = CheckAnswer("inventory", "ok", ())
OK_CONTENT = CheckAnswer("content", "ok", ())


def _item(sku, status, coverage=None, **extra):
    values = {
        "sku": sku,
        "expected_units": 400,
        "estimated": False,
        "available": 130,
        "safety_stock": 10,
        "competing_units": 0,
        "coverage": coverage,
        "status": status,
    }
    return inventory.ItemCheck(**{**values, **extra})


def _inventory(overall, *items):
    return inventory.CampaignCheckCompleted(
        campaign_id="c", request_id="r", overall=overall, items=list(items)
    )


def _content(overall, pages=(), missing=()):
    return content.CampaignCheckCompleted(
        campaign_id="c",
        request_id="r",
        overall=overall,
        pages=list(pages),
        missing_product_pages=list(missing),
    )


def test_ready_only_when_both_checks_say_ok():
    assert evaluate_readiness([OK_INVENTORY, OK_CONTENT]).readiness is Status.READY
    assert evaluate_readiness([OK_INVENTORY]).readiness is Status.CHECKING
    assert evaluate_readiness([]).readiness is Status.CHECKING


def test_either_at_risk_makes_the_campaign_at_risk():
    at_risk = CheckAnswer("content", "at_risk", ("slow page",))
    verdict = evaluate_readiness([OK_INVENTORY, at_risk])
    assert verdict == evaluate_readiness([at_risk, OK_INVENTORY])
    assert verdict.readiness is Status.AT_RISK
    assert verdict.reasons == ("slow page",)


def test_insufficient_stock_or_blocked_content_blocks_even_before_the_other_answers():
    assert evaluate_readiness([CheckAnswer("inventory", "insufficient", ("x",))]).readiness is Status.BLOCKED
    blocked_content = CheckAnswer("content", "blocked", ("y",))
    verdict = evaluate_readiness([CheckAnswer("inventory", "at_risk", ("x",)), blocked_content])
    assert verdict.readiness is Status.BLOCKED
    assert verdict.reasons == ("x", "y")


def test_a_timed_out_check_counts_as_at_risk_with_its_reason():
    verdict = evaluate_readiness([OK_INVENTORY, timed_out_answer("content", 600)])
    assert verdict.readiness is Status.AT_RISK
    assert verdict.reasons == ("content check timed out: no answer within 10 minutes",)
    assert timed_out_answer("inventory", 1.5).reasons[0].startswith("inventory check timed out")


def test_insufficient_reason_names_sku_coverage_units_and_stockout():
    stockout = datetime(2026, 12, 7, 3, tzinfo=UTC)
    answer = inventory_answer(
        _inventory(
            "insufficient",
            _item("SKU-OK", "ok", 2.0),
            _item("SKU-LOW", "insufficient", 0.3, projected_stockout_at=stockout, competing_units=50),
        )
    )
    assert answer.status == "insufficient"
    assert answer.reasons == (
        "SKU-LOW: stock covers only 30% of the 400 expected units plus 50 units other overlapping "
        "campaigns expect (120 units available); it is projected to sell out on 2026-12-07 03:00 UTC",
    )


def test_unknown_sku_and_unknown_demand_are_explained():
    answer = inventory_answer(
        _inventory(
            "insufficient",
            _item("SKU-X", "unknown_sku"),
            _item("SKU-Y", "unknown_demand", expected_units=None),
        )
    )
    assert answer.reasons == (
        "SKU-X: inventory does not know this SKU",
        "SKU-Y: no expected units were given and there are no recent sales to estimate them",
    )


def test_estimated_demand_is_flagged_as_an_estimate():
    answer = inventory_answer(_inventory("at_risk", _item("SKU-E", "at_risk", 0.75, estimated=True)))
    assert "75% of the 400 expected units (estimated from recent sales)" in answer.reasons[0]


def test_content_reasons_name_pages_issues_and_missing_product_pages():
    answer = content_answer(
        _content(
            "blocked",
            pages=[
                content.CheckedPage(
                    url="https://shop.example/l", kind="landing", health="broken", issues=["http_error"]
                ),
                content.CheckedPage(
                    url="https://shop.example/p/1",
                    kind="product",
                    sku="SKU-1",
                    health="degraded",
                    issues=["slow", "stale"],
                ),
                content.CheckedPage(
                    url="https://shop.example/p/2", kind="product", sku="SKU-2", health="ok", issues=[]
                ),
            ],
            missing=["SKU-3"],
        )
    )
    assert answer.reasons == (
        "The landing page https://shop.example/l is broken: answers with an HTTP error",
        "The product page of SKU-1 (https://shop.example/p/1) has problems: loads slowly (over 2 s), "
        "has not been updated for a long time",
        "SKU-3 has no product page",
    )


def test_a_bad_overall_without_details_still_gives_a_reason():
    assert inventory_answer(_inventory("at_risk")).reasons == (
        "inventory rates the campaign's stock as at risk",
    )
    assert content_answer(_content("blocked")).reasons == ("content rates the campaign's pages as blocked",)
