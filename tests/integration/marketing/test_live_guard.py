"""The live-campaign guard: stock-outs and broken pages, injected as inventory and content would."""

from shared.events import topic_of
from tests.integration.marketing.story import LANDING, MARKETING, Story
from tests.support.apps import auth
from tests.support.events import EventProbe, eventually

AT_RISK = "marketing.campaign.at_risk.v1"
PAUSED = "marketing.campaign.paused.v1"
STOREFRONT = auth("storefront")


async def test_live_campaign_whose_only_sku_sells_out_is_paused_and_replenishment_clears_the_reason(
    start_service, broker, namespace
):
    marketing = await start_service("marketing")
    story = Story(marketing, broker.bootstrap, namespace)
    async with EventProbe(broker.bootstrap, namespace, [topic_of(AT_RISK)]) as events:
        campaign_id, _ = await story.ready_campaign(
            auto_pause_on_stockout=True, items=[{"sku": "SKU-ONLY", "expected_units": 50, "discount_pct": 25}]
        )
        launched = await marketing.client.post(f"/v1/campaigns/{campaign_id}/launch", headers=MARKETING)
        assert (launched.status_code, launched.json()["forced"]) == (200, False)
        promotions = await marketing.client.get(
            "/v1/promotions", params={"sku": "SKU-ONLY"}, headers=STOREFRONT
        )
        assert [(p["campaign_id"], p["discount_pct"]) for p in promotions.json()["items"]] == [
            (campaign_id, 25.0)
        ]

        await story.emit(
            "inventory.stock.low.v1", "SKU-ONLY", {"sku": "SKU-ONLY", "total_available": 4, "threshold": 10}
        )
        await story.emit("inventory.stock.depleted.v1", "SKU-ONLY", {"sku": "SKU-ONLY"})
        at_risk = await events.wait_for(AT_RISK, lambda e: e.subject == campaign_id)
        assert at_risk[0].data["reasons"] == ["SKU-ONLY is sold out in every warehouse"]
        assert at_risk[0].data["skus"] == ["SKU-ONLY"]
        paused = await events.wait_for(PAUSED, lambda e: e.subject == campaign_id)
        assert paused[0].data["reason"] == "every SKU of the campaign is sold out"
        campaign = await story.wait_status(campaign_id, "paused")
        assert campaign["risks"] == ["SKU-ONLY is sold out in every warehouse"]
        promotions = await marketing.client.get(
            "/v1/promotions", params={"sku": "SKU-ONLY"}, headers=STOREFRONT
        )
        assert promotions.json() == {"items": []}

        await story.emit(
            "inventory.stock.replenished.v1",
            "SKU-ONLY",
            {"sku": "SKU-ONLY", "total_available": 200, "threshold": 10},
        )

        async def reason_cleared() -> None:
            assert (await story.campaign(campaign_id))["risks"] == []

        await eventually(reason_cleared)
        assert (await story.campaign(campaign_id))["status"] == "paused", "no campaign resumes by itself"
        resumed = await marketing.client.post(
            f"/v1/campaigns/{campaign_id}/resume", json={"reason": "Back in stock"}, headers=MARKETING
        )
        assert resumed.json()["status"] == "live"
        ended = await marketing.client.post(f"/v1/campaigns/{campaign_id}/end", headers=MARKETING)
        assert ended.json()["status"] == "ended"
        finished = await events.wait_for("marketing.campaign.ended.v1", lambda e: e.subject == campaign_id)
        assert finished[0].data == {"campaign_id": campaign_id, "skus": ["SKU-ONLY"], "landing_url": LANDING}
        assert [e.data["reason"] for e in events.of_type("marketing.campaign.resumed.v1")] == [
            "Back in stock"
        ]

    timeline = await story.timeline(campaign_id)
    cleared = next(entry for entry in timeline if entry["kind"] == "risk_cleared")
    assert cleared["summary"] == "No longer at risk: SKU-ONLY is back in stock."
    assert cleared["details"]["cleared"] == "SKU-ONLY is sold out in every warehouse"
    kinds = [(entry["kind"], entry["source"]) for entry in timeline]
    assert kinds[-9:] == [
        ("launched", "marketing"),
        ("stock_low", "inventory"),
        ("stock_depleted", "inventory"),
        ("at_risk", "marketing"),
        ("paused", "marketing"),
        ("stock_replenished", "inventory"),
        ("risk_cleared", "marketing"),
        ("resumed", "marketing"),
        ("ended", "marketing"),
    ]


async def test_broken_pages_put_live_campaign_at_risk_until_restored_and_known_ones_count_at_launch(
    start_service, broker, namespace
):
    marketing = await start_service("marketing")
    story = Story(marketing, broker.bootstrap, namespace)
    product_page = "https://shop.example/products/sku-full"
    async with EventProbe(broker.bootstrap, namespace, [topic_of(AT_RISK)]) as events:
        campaign_id, _ = await story.ready_campaign(auto_pause_on_stockout=True)
        untouched_id = await story.create(
            name="Spring sale", landing_url="https://shop.example/spring", items=[{"sku": "SKU-OTHER"}]
        )
        await story.emit(
            "content.page.broken.v1",
            "page-2",
            {
                "page_id": "page-2",
                "url": product_page,
                "kind": "product",
                "sku": "SKU-FULL",
                "issues": ["broken_image"],
            },
        )
        await eventually(lambda: _timeline_has(story, campaign_id, "page_broken"))
        assert (await story.campaign(campaign_id))["risks"] == [], "only live campaigns collect risks"

        launched = await marketing.client.post(f"/v1/campaigns/{campaign_id}/launch", headers=MARKETING)
        product_reason = f"The product page of SKU-FULL ({product_page}) is broken: has a broken image"
        assert launched.json()["risks"] == [product_reason]
        await story.emit(
            "support.advisory.published.v1",
            "advisory-1",
            {
                "advisory_id": "advisory-1",
                "kind": "campaign_launch",
                "severity": "warning",
                "title": "Winter sale: SKU-THIN may sell out",
                "campaign_id": campaign_id,
                "skus": ["SKU-THIN"],
            },
        )
        await story.emit(
            "content.page.broken.v1",
            "page-1",
            {
                "page_id": "page-1",
                "url": LANDING,
                "kind": "landing",
                "sku": None,
                "issues": ["http_error"],
            },
        )
        await events.wait_for(AT_RISK, lambda e: e.subject == campaign_id, count=2)
        await story.emit("inventory.stock.depleted.v1", "SKU-THIN", {"sku": "SKU-THIN"})
        risky = await events.wait_for(AT_RISK, lambda e: e.subject == campaign_id, count=3)
        landing_reason = f"The landing page {LANDING} is broken: answers with an HTTP error"
        assert [e.data["skus"] for e in risky] == [
            ["SKU-FULL"],
            ["SKU-FULL", "SKU-THIN"],
            ["SKU-FULL", "SKU-THIN"],
        ]
        assert risky[1].data["reasons"] == [product_reason, landing_reason]
        assert risky[2].data["reasons"][2] == "SKU-THIN is sold out in every warehouse"
        campaign = await story.campaign(campaign_id)
        assert campaign["status"] == "live", "one of two SKUs sold out does not pause the campaign"

        await story.emit(
            "content.page.restored.v1",
            "page-1",
            {
                "page_id": "page-1",
                "url": LANDING,
                "kind": "landing",
                "sku": None,
            },
        )
        await story.emit(
            "content.page.restored.v1",
            "page-2",
            {
                "page_id": "page-2",
                "url": product_page,
                "kind": "product",
                "sku": "SKU-FULL",
            },
        )

        async def only_stock_risk_left() -> None:
            assert (await story.campaign(campaign_id))["risks"] == ["SKU-THIN is sold out in every warehouse"]

        await eventually(only_stock_risk_left)

    readiness = await story.readiness(campaign_id)
    assert readiness["advisory"] == {
        "known": True,
        "advisory_id": "advisory-1",
        "severity": "warning",
        "title": "Winter sale: SKU-THIN may sell out",
    }
    timeline = await story.timeline(campaign_id)
    advisory = next(entry for entry in timeline if entry["kind"] == "advisory")
    assert (advisory["source"], advisory["details"]["severity"]) == ("support", "warning")
    assert [entry["summary"] for entry in timeline if entry["kind"] == "risk_cleared"] == [
        f"No longer at risk: {LANDING} works again.",
        f"No longer at risk: {product_page} works again.",
    ]
    assert [entry["kind"] for entry in await story.timeline(untouched_id)] == ["created"]


async def _timeline_has(story, campaign_id, kind):
    assert kind in [entry["kind"] for entry in await story.timeline(campaign_id)]
