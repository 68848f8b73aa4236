"""Advisories from other teams' events, injected on the real broker as those teams would."""

import uuid
from datetime import UTC, datetime, timedelta

from shared.events import topic_of
from tests.support.apps import auth
from tests.support.events import EventProbe, eventually, publish

PUBLISHED = "support.advisory.published.v1"
STARTS = datetime.now(UTC) + timedelta(days=2)
ENDS = STARTS + timedelta(days=7)


def launch_request(campaign_id: str, request_id: str) -> dict[str, object]:
    return {
        "campaign_id": campaign_id, "request_id": request_id, "name": "Winter Sale",
        "channels": ["email", "social"], "starts_at": STARTS.isoformat(), "ends_at": ENDS.isoformat(),
        "landing_url": "https://shop.example/winter", "uplift": 2.0,
        "items": [{"sku": "SKU-SHORT", "expected_units": 300}, {"sku": "SKU-FINE", "expected_units": 101}],
    }


def inventory_check(campaign_id: str, request_id: str, short_status: str) -> dict[str, object]:
    def item(sku: str, expected: int, status: str, coverage: float) -> dict[str, object]:
        return {"sku": sku, "expected_units": expected, "estimated": False, "available": 90,
                "safety_stock": 0, "competing_units": 0, "coverage": coverage, "status": status,
                "projected_stockout_at": (STARTS + timedelta(days=1)).isoformat()}

    return {"campaign_id": campaign_id, "request_id": request_id, "overall": short_status,
            "items": [item("SKU-SHORT", 300, short_status, 0.3), item("SKU-FINE", 101, "ok", 3.0)]}


async def test_campaign_gets_exactly_one_advisory_escalated_by_the_inventory_check(
    start_service, broker, namespace
):
    campaign_id, request_id = str(uuid.uuid4()), str(uuid.uuid4())
    async with EventProbe(broker.bootstrap, namespace, [topic_of(PUBLISHED)]) as probe:
        support = await start_service("support")
        client = support.client

        async def inject(event_type: str, data: dict[str, object], subject: str = campaign_id) -> None:
            await publish(broker.bootstrap, namespace, event_type, subject, data)

        await inject("marketing.campaign.launch_requested.v1", launch_request(campaign_id, request_id))
        await probe.wait_for(PUBLISHED, lambda e: e.data["campaign_id"] == campaign_id)
        # An answer to an older launch request is kept aside and changes nothing.
        await inject("inventory.campaign_check.completed.v1", inventory_check(campaign_id, "old", "ok"))
        await inject("inventory.campaign_check.completed.v1",
                     inventory_check(campaign_id, request_id, "insufficient"))

        async def critical_advisory() -> dict[str, object]:
            listing = await client.get(f"/v1/advisories?campaign_id={campaign_id}&active=true",
                                       headers=auth("marketing"))
            items = listing.json()["items"]
            assert len(items) == 1
            assert items[0]["severity"] == "critical"
            return dict(items[0])

        await eventually(critical_advisory)
        advisory = await critical_advisory()
        assert advisory["kind"] == "campaign_launch"
        assert advisory["revision"] >= 2
        assert advisory["expected_extra_contacts"] == 21  # ceil(401 x 0.05)
        assert "SKU-SHORT" in advisory["title"]
        assert "SKU-SHORT stock will not cover the expected demand (30% covered)" in advisory["summary"]
        assert "SKU-FINE" not in advisory["title"]
        published = await probe.wait_for(PUBLISHED, lambda e: e.subject == advisory["id"], count=2)
        assert [e.data["severity"] for e in published] == ["info", "critical"]

        await inject("content.campaign_check.completed.v1", {
            "campaign_id": campaign_id, "request_id": request_id, "overall": "blocked",
            "pages": [{"url": "https://shop.example/p/sku-fine", "kind": "product", "sku": "SKU-FINE",
                       "health": "broken", "issues": ["http_error"]}],
            "missing_product_pages": ["SKU-SHORT"],
        })
        await inject("marketing.campaign.readiness_changed.v1", {
            "campaign_id": campaign_id, "request_id": request_id, "readiness": "blocked",
            "reasons": ["SKU-SHORT: only 30% of the expected demand is in stock"],
        })

        async def pages_and_verdict_written_in() -> None:
            current = (await client.get(f"/v1/advisories/{advisory['id']}", headers=auth("support"))).json()
            assert "https://shop.example/p/sku-fine" in current["urls"]
            assert "SKU-SHORT has no product page" in current["summary"]
            assert "readiness verdict: blocked" in current["summary"]
            assert current["revision"] >= advisory["revision"] + 2

        await eventually(pages_and_verdict_written_in)

        refused = await client.post(f"/v1/advisories/{advisory['id']}/acknowledge",
                                    headers=auth("storefront"))
        assert refused.status_code == 403
        acknowledged = await client.post(f"/v1/advisories/{advisory['id']}/acknowledge",
                                         headers=auth("support"))
        assert acknowledged.json()["acknowledged_at"] is not None

        await inject("marketing.campaign.launched.v1", {
            "campaign_id": campaign_id, "name": "Winter Sale", "skus": ["SKU-SHORT", "SKU-FINE"],
            "starts_at": STARTS.isoformat(), "ends_at": ENDS.isoformat(),
            "landing_url": "https://shop.example/winter", "forced": False,
        })

        async def campaign_live() -> None:
            current = (await client.get(f"/v1/advisories/{advisory['id']}", headers=auth("content"))).json()
            assert "is live" in current["title"]

        await eventually(campaign_live)
        await inject("inventory.stock.depleted.v1", {"sku": "SKU-SHORT"}, "SKU-SHORT")
        await inject("inventory.stock.depleted.v1", {"sku": "SKU-ELSEWHERE"}, "SKU-ELSEWHERE")
        [stock_risk] = (await probe.wait_for(PUBLISHED, lambda e: e.data["kind"] == "stock_risk"))
        assert (stock_risk.data["severity"], stock_risk.data["skus"]) == ("critical", ["SKU-SHORT"])
        assert stock_risk.data["campaign_id"] == campaign_id

        await inject("inventory.stock.replenished.v1",
                     {"sku": "SKU-SHORT", "total_available": 500, "threshold": 10}, "SKU-SHORT")

        async def stock_risk_ended() -> None:
            active = await client.get("/v1/advisories?active=true&kind=stock_risk", headers=auth("support"))
            assert active.json()["items"] == []
            ended = (await client.get("/v1/advisories?active=false&kind=stock_risk",
                                      headers=auth("support"))).json()["items"]
            assert [(a["revision"], "back in stock" in a["summary"]) for a in ended] == [(2, True)]

        await eventually(stock_risk_ended)

        page = {"page_id": "page-checkout", "url": "https://shop.example/checkout", "kind": "checkout",
                "sku": None, "issues": ["http_error"]}
        await inject("content.page.broken.v1", page, "page-checkout")
        [content_issue] = await probe.wait_for(PUBLISHED, lambda e: e.data["kind"] == "content_issue")
        assert content_issue.data["severity"] == "critical"
        await inject("content.page.restored.v1", {k: page[k] for k in ("page_id", "url", "kind", "sku")},
                     "page-checkout")
        await inject("marketing.campaign.cancelled.v1",
                     {"campaign_id": campaign_id, "skus": ["SKU-SHORT", "SKU-FINE"]})

        async def everything_ended() -> None:
            active = await client.get("/v1/advisories?active=true", headers=auth("inventory"))
            assert active.json()["items"] == []

        await eventually(everything_ended)
        everything = (await client.get("/v1/advisories", headers=auth("support"))).json()["items"]
        assert sorted(a["kind"] for a in everything) == ["campaign_launch", "content_issue", "stock_risk"]
        campaign_advisory = next(a for a in everything if a["kind"] == "campaign_launch")
        assert "withdrawn" in campaign_advisory["summary"]
        # A check answer may overtake its launch request (other topic): in either order it counts.
        early_id, early_request = str(uuid.uuid4()), str(uuid.uuid4())
        await inject("inventory.campaign_check.completed.v1",
                     inventory_check(early_id, early_request, "at_risk"), early_id)
        await inject("marketing.campaign.launch_requested.v1", launch_request(early_id, early_request),
                     early_id)
        await probe.wait_for(PUBLISHED, lambda e: (e.data["campaign_id"], e.data["severity"]) == (
            early_id, "warning"))
        early = await client.get(f"/v1/advisories?campaign_id={early_id}", headers=auth("support"))
        assert [a["severity"] for a in early.json()["items"]] == ["warning"]
        letters = await client.get("/v1/admin/dead-letters", headers=auth("admin"))
        assert letters.json()["items"] == []
