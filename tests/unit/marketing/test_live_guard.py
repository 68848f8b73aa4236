"""Live-campaign guard decisions (pure domain)."""

from services.marketing.domain import (
    PAGE_BROKEN,
    SKU_DEPLETED,
    Status,
    affected_skus,
    broken_page_risk,
    depletion_risk,
    page_concerns_campaign,
    should_auto_pause,
)

LANDING = "https://shop.example/campaigns/winter"


def test_auto_pause_only_when_every_sku_is_sold_out_and_the_campaign_asks_for_it():
    assert should_auto_pause(Status.LIVE, True, ["A", "B"], ["A", "B", "C"])
    assert not should_auto_pause(Status.LIVE, True, ["A", "B"], ["A"])
    assert not should_auto_pause(Status.LIVE, False, ["A"], ["A"])
    assert not should_auto_pause(Status.PAUSED, True, ["A"], ["A"])


def test_landing_page_and_product_pages_of_campaign_skus_concern_it():
    assert page_concerns_campaign(LANDING, "landing", None, LANDING, ["A"])
    assert page_concerns_campaign("https://shop.example/p/a", "product", "A", LANDING, ["A"])
    assert not page_concerns_campaign("https://shop.example/p/b", "product", "B", LANDING, ["A"])
    assert not page_concerns_campaign("https://shop.example/faq", "faq", "A", None, ["A"])


def test_risks_carry_plain_reasons_and_their_cause():
    sold_out = depletion_risk("SKU-1")
    assert (sold_out.cause, sold_out.cause_key, sold_out.sku) == (SKU_DEPLETED, "SKU-1", "SKU-1")
    assert sold_out.reason == "SKU-1 is sold out in every warehouse"
    page = broken_page_risk(LANDING, "landing", None, ["broken_image"])
    assert (page.cause, page.cause_key, page.sku) == (PAGE_BROKEN, LANDING, None)
    assert page.reason == f"The landing page {LANDING} is broken: has a broken image"


def test_a_broken_landing_page_concerns_every_sku_a_product_page_only_its_own():
    assert affected_skus(["B"], ["A", "B", "C"]) == ["B"]
    assert affected_skus(["B", None], ["A", "B", "C"]) == ["A", "B", "C"]
