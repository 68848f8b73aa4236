from datetime import UTC, datetime

from services.support.domain.advisories import (
    CheckedPage,
    LiveCampaign,
    StockItem,
    content_issue_advisory,
    expected_extra_contacts,
    is_increase,
    stock_findings,
    stock_risk_advisory,
)
from services.support.domain.campaigns import CampaignPicture, campaign_advisory

STARTS = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ENDS = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)


def picture(**changes):
    values = dict(
        campaign_id="c-1", name="Winter Sale", channels=["email", "social"], starts_at=STARTS,
        ends_at=ENDS, landing_url="https://shop.example/winter",
        expected_units={"SKU-1": 300, "SKU-2": 100, "SKU-3": None},
    )
    values.update(changes)
    return CampaignPicture(**values)


def test_expected_extra_contacts_rounds_up_the_share_of_expected_units():
    assert expected_extra_contacts([300, 100, None], 0.05) == 20
    assert expected_extra_contacts([301], 0.05) == 16
    assert expected_extra_contacts([300], 0.07) == 21
    assert expected_extra_contacts([None], 0.05) is None


def test_new_campaign_advisory_is_info_and_tells_agents_what_when_and_how_many_contacts():
    draft = campaign_advisory(picture(), 0.05)
    assert draft.severity == "info"
    assert draft.expected_extra_contacts == 20
    assert "Winter Sale" in draft.title and "Tue 01 Dec 2026" in draft.title
    for expected in ("email and social", "SKU-1, SKU-2 and SKU-3", "about 20", "What to tell customers",
                     "Stock: check still running"):
        assert expected in draft.summary
    assert draft.skus == ["SKU-1", "SKU-2", "SKU-3"]
    assert draft.valid_until == ENDS


def test_insufficient_stock_makes_the_campaign_advisory_critical_and_names_the_sku():
    stock = [
        StockItem("SKU-1", "ok", 300, 2.0),
        StockItem("SKU-2", "insufficient", 100, 0.3, datetime(2026, 12, 2, 14, 0, tzinfo=UTC)),
        StockItem("SKU-3", "ok", 40, 1.5),
    ]
    draft = campaign_advisory(picture(stock_items=stock), 0.05)
    assert draft.severity == "critical"
    assert "stock short for SKU-2" in draft.title
    assert "SKU-2 stock will not cover the expected demand (30% covered)" in draft.summary
    assert "sell out around Wed 02 Dec 2026, 14:00 UTC" in draft.summary
    # Inventory's estimate fills in the missing forecast of SKU-3: ceil(440 x 0.05).
    assert draft.expected_extra_contacts == 22


def test_at_risk_stock_and_broken_pages_make_a_warning():
    stock = [StockItem("SKU-1", "at_risk", 300, 0.7)]
    assert campaign_advisory(picture(stock_items=stock), 0.05).severity == "warning"
    pages = [CheckedPage("https://shop.example/p/sku-1", "product", "broken", ["http_error"])]
    draft = campaign_advisory(picture(pages=pages, missing_product_pages=["SKU-3"]), 0.05)
    assert draft.severity == "warning"
    assert "https://shop.example/p/sku-1" in draft.urls
    assert "SKU-3 has no product page" in draft.summary


def test_cancelled_campaign_advisory_ends_and_says_the_offer_was_withdrawn():
    ended = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    draft = campaign_advisory(picture(status="cancelled", ended_at=ended), 0.05)
    assert draft.valid_until == ended
    assert "was cancelled" in draft.title
    assert "withdrawn" in draft.summary


def test_severity_increase_is_detected_only_upwards():
    assert is_increase("info", "critical")
    assert not is_increase("critical", "warning")
    assert not is_increase("warning", "warning")


def test_stock_risk_advisory_is_critical_and_names_sku_and_campaign():
    live = [LiveCampaign("c-1", "Winter Sale", ENDS)]
    draft = stock_risk_advisory("SKU-2", live, STARTS)
    assert (draft.kind, draft.severity, draft.skus, draft.campaign_id) == (
        "stock_risk", "critical", ["SKU-2"], "c-1")
    assert "Winter Sale" in draft.title and "back-in-stock" in draft.summary


def test_content_issue_severity_depends_on_the_page_kind():
    product = content_issue_advisory("https://s.example/p/1", "product", "SKU-1", ["broken_image"], [])
    checkout = content_issue_advisory("https://s.example/checkout", "checkout", None, ["http_error"], [])
    assert product is not None and product.severity == "warning"
    assert checkout is not None and checkout.severity == "critical"
    assert content_issue_advisory("https://s.example/faq", "faq", None, ["http_error"], []) is None


def test_unknown_skus_are_critical_and_unknown_demand_a_warning():
    findings = stock_findings([StockItem("SKU-X", "unknown_sku"), StockItem("SKU-Y", "unknown_demand"),
                               StockItem("SKU-Z", "ok", 10, 4.0)])
    assert [(f.subject, f.severity) for f in findings] == [("SKU-X", "critical"), ("SKU-Y", "warning")]


def test_the_severity_follows_marketings_readiness_verdict_once_there_is_one():
    short = [StockItem("SKU-1", "insufficient", 300, 0.2)]
    assert campaign_advisory(picture(stock_items=short), 0.05).severity == "critical"
    assert campaign_advisory(picture(stock_items=short, readiness="checking"), 0.05).severity == "critical"
    assert campaign_advisory(picture(stock_items=short, readiness="ready"), 0.05).severity == "info"
    assert campaign_advisory(picture(stock_items=short, readiness="at_risk"), 0.05).severity == "warning"
    fine = [StockItem("SKU-1", "ok", 300, 2.0)]
    blocked = campaign_advisory(picture(stock_items=fine, readiness="blocked",
                                        readiness_reasons=["content: the landing page is broken"]), 0.05)
    assert blocked.severity == "critical"
    assert "launch blocked" in blocked.title
    live_alert = picture(status="live", readiness="ready", live_risks=["SKU-1 sold out"])
    assert campaign_advisory(live_alert, 0.05).severity == "warning"


def test_a_500_sku_campaign_keeps_a_short_summary_naming_the_first_ones_and_how_many_more():
    skus = [f"SKU-{n:03}" for n in range(500)]
    stock = [StockItem(sku, "insufficient", 10, 0.1) for sku in skus]
    big = picture(expected_units=dict.fromkeys(skus, 10), stock_items=stock, readiness="blocked",
                  readiness_reasons=[f"{sku}: only 10% of the expected demand is in stock" for sku in skus],
                  pages=[CheckedPage(f"https://shop.example/p/{sku}", "product", "broken", ["http_error"])
                         for sku in skus], missing_product_pages=skus)
    draft = campaign_advisory(big, 0.05)
    assert len(draft.summary) < 2000, len(draft.summary)
    assert len(draft.title) <= 300
    assert "SKU-000, SKU-001" in draft.summary and "and 480 more" in draft.summary
    assert "and 495 more" in draft.summary
    assert draft.severity == "critical"
    assert len(draft.skus) == 500
