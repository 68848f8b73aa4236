"""The board's pages built from real events of the services, and actions through their APIs."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import func, select

from services.board.tables import feed
from tests.integration.board.conftest import csrf_token, flash, serve, sign_in
from tests.integration.marketing.story import MARKETING, campaign_body
from tests.support.apps import run_service
from tests.support.events import eventually, publish


async def _feed_count(board, event_id: str | None = None) -> int:
    query = select(func.count()).select_from(feed)
    if event_id is not None:
        query = query.where(feed.c.event_id == event_id)
    async with board.backbone.engine.connect() as connection:
        return int((await connection.execute(query)).scalar_one())


async def test_a_fresh_board_builds_the_campaign_from_the_topics(start_service, broker, namespace):
    marketing = await start_service("marketing")
    created = await marketing.client.post("/v1/campaigns", json=campaign_body(), headers=MARKETING)
    campaign_id = created.json()["id"]
    requested = await marketing.client.post(f"/v1/campaigns/{campaign_id}/launch-request", headers=MARKETING)
    request_id = requested.json()["request_id"]
    board = await start_service("board")  # started after the events: it reads from the beginning
    await sign_in(board.client, "dev-storefront")

    async def campaign_listed() -> None:
        page = (await board.client.get("/")).text
        assert f'data-campaign-id="{campaign_id}"' in page and "Winter sale" in page

    await eventually(campaign_listed)
    await publish(broker.bootstrap, namespace, "inventory.campaign_check.completed.v1", campaign_id, {
        "campaign_id": campaign_id, "request_id": request_id, "overall": "insufficient", "items": [
            {"sku": "SKU-FULL", "expected_units": 100, "estimated": False, "available": 500,
             "safety_stock": 0, "competing_units": 0, "coverage": 5.0, "status": "ok"},
            {"sku": "SKU-THIN", "expected_units": 400, "estimated": False, "available": 160,
             "safety_stock": 0, "competing_units": 0, "coverage": 0.4, "status": "insufficient"},
        ]})

    async def coverage_drawn() -> None:
        page = (await board.client.get(f"/campaigns/{campaign_id}")).text
        assert "SKU-THIN 0.40" in page and "<svg" in page
        assert "Stock check: insufficient" in page  # the timeline

    await eventually(coverage_drawn)
    page = (await board.client.get(f"/campaigns/{campaign_id}")).text
    assert "<h1>Winter sale</h1>" in page
    assert "Request launch" not in page, "a storefront key sees no campaign actions"


async def test_a_refusal_of_marketing_is_shown_in_words(start_service):
    marketing = await start_service("marketing")
    created = await marketing.client.post("/v1/campaigns", json=campaign_body(), headers=MARKETING)
    campaign_id = created.json()["id"]
    await marketing.client.post(f"/v1/campaigns/{campaign_id}/launch-request", headers=MARKETING)
    refusal = (await marketing.client.post(f"/v1/campaigns/{campaign_id}/resume", headers=MARKETING)).json()
    async with serve(marketing.app) as marketing_url:
        board = await start_service("board", marketing_url=marketing_url)
        await sign_in(board.client, "dev-marketing")
        await eventually(lambda: _known(board, campaign_id))
        page = (await board.client.get(f"/campaigns/{campaign_id}")).text
        # still checking: only cancelling fits; an action sent anyway is marketing's to refuse
        assert '<button type="submit">Cancel</button>' in page
        for button in ("Request launch", "Launch", "Pause", "Resume", "End", "Force launch"):
            assert f'<button type="submit">{button}</button>' not in page
        answered = await board.client.post(f"/campaigns/{campaign_id}/actions/resume",
                                           data={"csrf_token": csrf_token(page)})
        assert answered.status_code == 303
        shown = (await board.client.get(answered.headers["location"])).text
        assert flash(shown) == ("alert", refusal["detail"])
        accepted = await board.client.post(f"/campaigns/{campaign_id}/actions/cancel",
                                           data={"csrf_token": csrf_token(page)})
        assert flash((await board.client.get(accepted.headers["location"])).text)[0] == "status"

        async def cancelled() -> None:
            page = (await board.client.get(f"/campaigns/{campaign_id}")).text
            assert 'data-testid="status">cancelled<' in page

        await eventually(cancelled)


async def test_an_unreachable_service_is_said_so(start_service):
    board = await start_service("board", marketing_url="http://127.0.0.1:9", support_url="http://127.0.0.1:9")
    await sign_in(board.client, "dev-admin")
    page = (await board.client.get("/")).text
    answered = await board.client.post("/campaigns/c-1/actions/launch", data={"csrf_token": csrf_token(page)})
    assert answered.status_code == 303
    support = (await board.client.get("/teams/support")).text
    assert "could not reach support" in support
    looked_up = (await board.client.get("/teams/support", params={"order_ref": "ORD-1"})).text
    assert 'data-testid="order-result">support is not reachable<' in looked_up


async def _known(board, campaign_id: str) -> None:
    assert (await board.client.get(f"/campaigns/{campaign_id}")).status_code == 200


async def _next_change(lines) -> str:
    frame: list[str] = []
    async for line in lines:
        frame.append(line)
        if line == "event: change":
            return "\n".join(frame)
    raise AssertionError("the stream ended")


async def test_the_stream_sends_a_change_after_an_event_is_consumed(start_service, broker, namespace):
    board = await start_service("board")
    async with serve(board.app) as board_url, httpx.AsyncClient(base_url=board_url, timeout=10) as client:
        await sign_in(client, "dev-support")
        async with client.stream("GET", "/stream", params={"after": "0"}) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            await publish(broker.bootstrap, namespace, "content.page.broken.v1", "page-1", {
                "page_id": "page-1", "url": "https://shop.example/p/1", "kind": "product", "sku": "SKU-1",
                "issues": ["image missing"]})
            frame = await asyncio.wait_for(_next_change(stream.aiter_lines()), timeout=20)
        seq = int(frame.split("id: ")[1].split("\n")[0])
        assert seq >= 1
        page = (await client.get("/")).text
        assert "https://shop.example/p/1" in page and f'data-seq="{seq}"' in page
        # a page that reconnects behind the read model hears of it at once; one up to date does not
        async with client.stream("GET", "/stream", headers={"Last-Event-ID": str(seq - 1)}) as behind:
            assert f"id: {seq}" in await asyncio.wait_for(_next_change(behind.aiter_lines()), timeout=3)
        async with client.stream("GET", "/stream", headers={"Last-Event-ID": str(seq)}) as current:
            try:
                await asyncio.wait_for(_next_change(current.aiter_lines()), timeout=1.5)
            except TimeoutError:
                pass
            else:
                raise AssertionError("a change was sent to a page that had seen everything")


async def test_a_restarted_board_does_not_duplicate_feed_entries(broker, namespace, new_database):
    database = await new_database("board")
    data = {"sku": "SKU-R"}
    first = await publish(broker.bootstrap, namespace, "inventory.stock.depleted.v1", "SKU-R", data)
    async with run_service("board", database, broker.bootstrap, namespace) as board:
        await eventually(lambda: _expect(_feed_count(board, first.id), 1))
    async with run_service("board", database, broker.bootstrap, namespace) as again:
        # the same event delivered again (as after a crash before the offset commit), then a new one
        await publish(broker.bootstrap, namespace, "inventory.stock.depleted.v1", "SKU-R", data, envelope=first)
        second = await publish(broker.bootstrap, namespace, "inventory.stock.low.v1", "SKU-R",
                               {"sku": "SKU-R", "total_available": 3, "threshold": 5})
        await eventually(lambda: _expect(_feed_count(again, second.id), 1), timeout=30)
        assert await _feed_count(again, first.id) == 1
        assert await _feed_count(again) == 2


async def _expect(count, expected: int) -> None:
    assert await count == expected
