"""Campaign checks run side by side but share per-host limits, a check whose launch request was
superseded stops and never answers, and a broken landing page is registered and gets a task."""

import asyncio
import uuid

from sqlalchemy import select

from services.content import tables
from tests.support.apps import auth
from tests.support.events import EventProbe, eventually, publish

COMPLETED = "content.campaign_check.completed.v1"
LAUNCH = "marketing.campaign.launch_requested.v1"
CONTENT = {"recheck_interval_seconds": 0, "crawl_poll_seconds": 0.2, "fetch_timeout_seconds": 60}


def _launch(campaign_id, request_id, landing_url, skus=("SKU-NOPAGE",)):
    return {
        "campaign_id": campaign_id, "request_id": request_id, "name": "Winter sale",
        "channels": ["email"], "starts_at": "2026-12-01T00:00:00Z", "ends_at": "2026-12-08T00:00:00Z",
        "landing_url": landing_url, "uplift": 1.5, "items": [{"sku": sku} for sku in skus],
    }


async def _statuses(content):
    table = tables.campaign_checks
    async with content.backbone.uow(read_only=True) as uow:
        rows = (await uow.execute(select(table.c.request_id, table.c.status))).all()
    return {row.request_id: row.status for row in rows}


async def test_concurrent_checks_share_the_per_host_limit(start_service, site, broker, namespace):
    content = await start_service("content", **CONTENT, crawl_per_host_concurrency=1)
    name = f"shared-{uuid.uuid4().hex[:6]}"
    gate = site.state.gate(name)
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    async with EventProbe(broker.bootstrap, namespace, ["content.events"]) as events:
        await publish(broker.bootstrap, namespace, LAUNCH, "camp-h1",
                      _launch("camp-h1", first, site.url(f"/gated/{name}?c=1")))
        await publish(broker.bootstrap, namespace, LAUNCH, "camp-h2",
                      _launch("camp-h2", second, site.url(f"/gated/{name}?c=2")))

        async def both_running():
            assert await _statuses(content) == {first: "running", second: "running"}

        await eventually(both_running, timeout=30)
        await gate.entered.wait()
        await asyncio.sleep(0.5)
        assert gate.held == 1, "two checks sent requests to one host beyond its limit"
        gate.opened.set()
        answers = [(await events.wait_for(COMPLETED, lambda e, r=request: e.data["request_id"] == r))[0]
                   for request in (first, second)]
    assert [answer.data["overall"] for answer in answers] == ["blocked", "blocked"]


async def test_a_check_superseded_by_a_newer_launch_request_stops_and_never_answers(
    start_service, site, broker, namespace,
):
    content = await start_service("content", **CONTENT)
    name = f"superseded-{uuid.uuid4().hex[:6]}"
    gate = site.state.gate(name)
    older, newer = str(uuid.uuid4()), str(uuid.uuid4())
    async with EventProbe(broker.bootstrap, namespace, ["content.events"]) as events:
        await publish(broker.bootstrap, namespace, LAUNCH, "camp-s", _launch("camp-s", older, site.url(f"/gated/{name}")))
        await gate.entered.wait()
        await publish(broker.bootstrap, namespace, LAUNCH, "camp-s", _launch("camp-s", newer, None))
        [answer] = await events.wait_for(COMPLETED, lambda e: e.data["request_id"] == newer)
        assert gate.held == 1, "the newer request was answered only after the older check ended"
        assert (await _statuses(content))[older] == "superseded"
        await asyncio.sleep(1.0)  # a few watch intervals: the older check has stopped fetching
        opened_at = len(site.state.requests)
        gate.opened.set()
        await asyncio.sleep(1.0)
        assert [path for _, path in site.state.requests[opened_at:] if path.startswith("/static/")] == []
        assert [e.data["request_id"] for e in events.of_type(COMPLETED)] == [newer]
    assert answer.data["overall"] == "blocked"


async def test_a_broken_unregistered_landing_page_is_registered_with_a_fix_task(
    start_service, site, broker, namespace,
):
    content = await start_service("content", **CONTENT)
    request_id = str(uuid.uuid4())
    landing = site.url("/products/error/")
    async with EventProbe(broker.bootstrap, namespace, ["content.events"]) as events:
        await publish(broker.bootstrap, namespace, LAUNCH, "camp-b", _launch("camp-b", request_id, landing))
        [answer] = await events.wait_for(COMPLETED, lambda e: e.data["request_id"] == request_id)
        [broken] = await events.wait_for("content.page.broken.v1", lambda e: e.data["kind"] == "landing")
    assert answer.data["overall"] == "blocked"
    assert [(p["url"], p["kind"], p["health"]) for p in answer.data["pages"]] == [
        (site.url("/products/error"), "landing", "broken")]
    [page] = (await content.client.get("/v1/pages?kind=landing", headers=auth("marketing"))).json()["items"]
    assert (page["url"], page["health"], broken.data["page_id"]) == (site.url("/products/error"), "broken", page["id"])
    tasks = (await content.client.get("/v1/tasks?kind=fix_broken_page", headers=auth("content"))).json()["items"]
    assert [(task["page_id"], task["status"]) for task in tasks] == [(page["id"], "open")]
