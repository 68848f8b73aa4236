"""What the content service does with other teams' events, over the real broker."""

import uuid

from tests.support.apps import auth
from tests.support.events import EventProbe, eventually, publish

CONTENT = {"slow_seconds": 0.3, "recheck_interval_seconds": 0}
COMPLETED = "content.campaign_check.completed.v1"


def _launch(campaign_id, request_id, landing_url, skus):
    return {
        "campaign_id": campaign_id, "request_id": request_id, "name": "Spring sale",
        "channels": ["email"], "starts_at": "2026-12-01T00:00:00Z", "ends_at": "2026-12-08T00:00:00Z",
        "landing_url": landing_url, "uplift": 1.5, "items": [{"sku": sku} for sku in skus],
    }


async def _tasks(content, kind):
    response = await content.client.get(f"/v1/tasks?kind={kind}&limit=200", headers=auth("content"))
    return response.json()["items"]


async def test_campaign_with_a_sku_without_product_page_is_blocked(start_service, site, broker, namespace):
    content = await start_service("content", **CONTENT)
    for url, sku in [("/products/healthy", "SKU-OK"), ("/products/untitled", "SKU-UNT")]:
        body = {"url": site.url(url), "kind": "product", "sku": sku}
        assert (await content.client.put("/v1/pages", json=body, headers=auth("content"))).status_code == 201
    bootstrap = broker.bootstrap
    async with EventProbe(bootstrap, namespace, ["content.events"]) as events:
        blocked_id, risky_id = str(uuid.uuid4()), str(uuid.uuid4())
        await publish(bootstrap, namespace, "marketing.campaign.launch_requested.v1", "camp-1",
                      _launch("camp-1", blocked_id, site.url("/campaigns/spring"), ["SKU-OK", "SKU-NOPAGE"]))
        await publish(bootstrap, namespace, "marketing.campaign.launch_requested.v1", "camp-2",
                      _launch("camp-2", risky_id, None, ["SKU-OK", "SKU-UNT"]))
        [blocked] = await events.wait_for(COMPLETED, lambda e: e.data["request_id"] == blocked_id)
        [risky] = await events.wait_for(COMPLETED, lambda e: e.data["request_id"] == risky_id)
    assert blocked.subject == "camp-1"
    assert blocked.data["overall"] == "blocked"
    assert blocked.data["missing_product_pages"] == ["SKU-NOPAGE"]
    assert [(p["kind"], p["sku"], p["health"]) for p in blocked.data["pages"]] == [
        ("landing", None, "ok"), ("product", "SKU-OK", "ok"),
    ]
    assert risky.data["overall"] == "at_risk"
    assert risky.data["missing_product_pages"] == []
    issues = {p["sku"]: p["issues"] for p in risky.data["pages"]}
    assert issues == {"SKU-OK": [], "SKU-UNT": ["missing_title"]}
    missing = await _tasks(content, "create_missing_page")
    assert [(t["sku"], t["status"]) for t in missing] == [("SKU-NOPAGE", "open")]


async def test_inventory_support_and_marketing_events_open_and_close_tasks(start_service, site, broker,
                                                                          namespace):
    content = await start_service("content", **CONTENT)
    body = {"url": site.url("/products/healthy"), "kind": "product", "sku": "SKU-A"}
    page = (await content.client.put("/v1/pages", json=body, headers=auth("content"))).json()
    bootstrap = broker.bootstrap
    for sku in ("SKU-A", "SKU-B", "SKU-C"):
        await publish(bootstrap, namespace, "inventory.stock.changed.v1", sku, {
            "sku": sku, "warehouse": "BER-1", "delta": 5, "reason": "receipt", "on_hand": 5, "reserved": 0,
            "available": 5, "total_available": 5,
        })
    trend = {"topic": "sizing", "sku": "SKU-A", "ticket_count": 7, "window_days": 7,
             "sample_subjects": ["Does it run small?", "Size chart?"]}
    for _ in range(2):
        await publish(bootstrap, namespace, "support.feedback.trend_detected.v1", "sizing:SKU-A", trend)
    await publish(bootstrap, namespace, "inventory.stock.depleted.v1", "SKU-B", {"sku": "SKU-B"})
    await publish(bootstrap, namespace, "inventory.stock.depleted.v1", "SKU-B", {"sku": "SKU-B"})
    await publish(bootstrap, namespace, "marketing.campaign.ended.v1", "camp-9", {
        "campaign_id": "camp-9", "skus": ["SKU-A"], "landing_url": site.url("/campaigns/spring"),
    })

    async def all_applied():
        summary = (await content.client.get("/v1/health/summary", headers=auth("storefront"))).json()
        assert summary["missing_product_pages"] == ["SKU-B", "SKU-C"]
        first = (await content.client.get("/v1/health/missing-product-pages?limit=1",
                                          headers=auth("storefront"))).json()
        assert [m["sku"] for m in first["items"]] == ["SKU-B"] and first["next_cursor"], first
        rest = (await content.client.get(f"/v1/health/missing-product-pages?limit=1&cursor={first['next_cursor']}",
                                         headers=auth("storefront"))).json()
        assert rest == {"items": [{"sku": "SKU-C"}], "next_cursor": None}, rest
        assert [t["sku"] for t in await _tasks(content, "out_of_stock_messaging")] == ["SKU-B"]
        assert len(await _tasks(content, "retire_campaign_page")) == 1
        questions = await _tasks(content, "answer_recurring_question")
        assert len(questions) == 1
        assert questions[0]["page_id"] == page["id"]
        assert questions[0]["details"]["sample_questions"] == ["Does it run small?", "Size chart?"]

    await eventually(all_applied, timeout=30)
    await publish(bootstrap, namespace, "inventory.stock.replenished.v1", "SKU-B",
                  {"sku": "SKU-B", "total_available": 40, "threshold": 10})

    async def closed():
        [task] = await _tasks(content, "out_of_stock_messaging")
        assert task["status"] == "done"

    await eventually(closed, timeout=20)
    [retire] = await _tasks(content, "retire_campaign_page")
    moved = await content.client.patch(f"/v1/tasks/{retire['id']}",
                                       json={"status": "done", "assignee": "ana"}, headers=auth("content"))
    assert moved.json()["status"] == "done" and moved.json()["assignee"] == "ana"
    reopened = await content.client.patch(f"/v1/tasks/{retire['id']}", json={"status": "open"},
                                          headers=auth("content"))
    assert reopened.status_code == 409
    forbidden = await content.client.patch(f"/v1/tasks/{retire['id']}", json={"status": "done"},
                                           headers=auth("support"))
    assert forbidden.status_code == 403
