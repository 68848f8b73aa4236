"""A campaign check waiting on a slow page holds no database lock: the content API keeps
answering reads and writes meanwhile, on SQLite (one writer at a time) as on PostgreSQL; and the
check of another campaign is not queued behind it."""

import uuid

from tests.support.apps import auth
from tests.support.events import EventProbe, publish

COMPLETED = "content.campaign_check.completed.v1"


def _launch(campaign_id: str, request_id: str, landing_url: str | None, sku: str) -> dict[str, object]:
    return {
        "campaign_id": campaign_id, "request_id": request_id, "name": "Slow landing",
        "channels": ["email"], "starts_at": "2026-12-01T00:00:00Z", "ends_at": "2026-12-08T00:00:00Z",
        "landing_url": landing_url, "uplift": 1.2, "items": [{"sku": sku}],
    }


async def test_api_reads_and_writes_while_a_campaign_check_waits_for_a_page(
    start_service, site, broker, namespace,
):
    content = await start_service("content", fetch_timeout_seconds=60, recheck_interval_seconds=0)
    body = {"url": site.url("/products/healthy"), "kind": "product", "sku": "SKU-SLOWCHECK"}
    assert (await content.client.put("/v1/pages", json=body, headers=auth("content"))).status_code == 201
    gate = site.state.gate("slow-landing")
    request_id = str(uuid.uuid4())
    async with EventProbe(broker.bootstrap, namespace, ["content.events"]) as events:
        await publish(broker.bootstrap, namespace, "marketing.campaign.launch_requested.v1", "camp-slow",
                      _launch("camp-slow", request_id, site.url("/gated/slow-landing"), "SKU-SLOWCHECK"))
        await gate.entered.wait()  # the check is now running, waiting for the page

        for number in range(20):
            written = await content.client.put("/v1/pages", headers=auth("content"), json={
                "url": site.url(f"/products/while-waiting-{number}"), "kind": "product",
                "sku": f"SKU-WAIT-{number}"})
            assert written.status_code == 201, written.text
            listed = await content.client.get("/v1/pages?limit=5", headers=auth("content"))
            assert listed.status_code == 200, listed.text
        other_id = str(uuid.uuid4())
        await publish(broker.bootstrap, namespace, "marketing.campaign.launch_requested.v1", "camp-quick",
                      _launch("camp-quick", other_id, None, "SKU-SLOWCHECK"))
        [quick] = await events.wait_for(COMPLETED, lambda e: e.data["request_id"] == other_id)
        assert quick.data["overall"] == "ok"
        assert gate.held == 1 and not gate.timed_out, "the check finished before the API was exercised"
        assert [e.data["request_id"] for e in events.of_type(COMPLETED)] == [other_id]

        gate.opened.set()
        [completed] = await events.wait_for(COMPLETED, lambda e: e.data["request_id"] == request_id)
    assert completed.data["overall"] == "ok"
    assert [(page["kind"], page["health"]) for page in completed.data["pages"]] == [
        ("landing", "ok"), ("product", "ok")]
