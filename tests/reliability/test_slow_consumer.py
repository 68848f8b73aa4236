"""A consumer stuck in a slow handler does not hold up the HTTP API of its service: content's
campaign check waits on a landing page the test holds open, while content answers reads and
writes; released, the check completes and marketing's readiness receives it."""

from __future__ import annotations

import asyncio

from tests.reliability.conftest import FaultyStack
from tests.support.shop import Shop
from tests.support.site import serve_site

ROUNDS = 20


async def test_slow_consumer_does_not_block_http_on_its_service(faulty_stack: FaultyStack) -> None:
    async with serve_site() as site:
        shop = Shop(faulty_stack.running, site.url(""))
        sku = shop.sku("SLOW")
        await shop.stock_item(sku, 50)
        await shop.page("/products/healthy", "product", sku)
        gate = site.state.gate("slow-landing")
        campaign_id = await shop.campaign("Slow landing page", [{"sku": sku, "expected_units": 5}],
                                          "/gated/slow-landing")
        request_id = await shop.request_launch(campaign_id)
        # Content's consumer is now inside the campaign check, waiting for the landing page.
        await asyncio.wait_for(gate.entered.wait(), timeout=60)

        answered = 0
        for number in range(ROUNDS):
            await shop.page(f"/products/while-waiting-{number}", "product", f"{sku}-{number}")
            await shop.ok("content", "GET", "/v1/pages?limit=5", "content")
            await shop.ok("content", "GET", "/v1/tasks?limit=5", "content")
            answered += 3
        ready = await faulty_stack.running.client("content").get("/readyz")
        assert ready.status_code == 200, ready.text
        assert gate.held == 1 and not gate.timed_out, "the check was no longer waiting on the page"
        waiting = await shop.ok("marketing", "GET", f"/v1/campaigns/{campaign_id}/readiness", "marketing")
        assert waiting["checks"]["content"]["status"] == "pending", waiting
        assert answered == 3 * ROUNDS

        gate.opened.set()
        verdict = await shop.final_readiness(campaign_id, request_id)
    assert verdict["readiness"] == "ready", verdict
    assert [(page["kind"], page["health"]) for page in verdict["checks"]["content"]["pages"]] == [
        ("landing", "ok"), ("product", "ok")]
