"""The team pages act through inventory and support with the signed-in person's key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.integration.board.conftest import csrf_token, flash, serve, sign_in
from tests.support.apps import auth
from tests.support.events import eventually, publish


async def test_receiving_stock_goes_through_inventory_and_draws_the_sparkline(start_service):
    inventory = await start_service("inventory")
    await inventory.client.put("/v1/warehouses/BER-1", json={"name": "Berlin", "country": "DE"},
                               headers=auth("inventory"))
    await inventory.client.put("/v1/items/SKU-W", json={"name": "Shoe"}, headers=auth("inventory"))
    async with serve(inventory.app) as inventory_url:
        board = await start_service("board", inventory_url=inventory_url)
        await sign_in(board.client, "dev-marketing")
        page = (await board.client.get("/teams/warehouse")).text
        form = {"csrf_token": csrf_token(page), "sku": "SKU-W", "warehouse": "BER-1", "qty": "25"}
        refused = await board.client.post("/teams/warehouse/receive", data=form)
        shown = flash((await board.client.get(refused.headers["location"])).text)
        assert shown is not None and shown[0] == "alert" and "marketing" in shown[1], shown
        await sign_in(board.client, "dev-inventory")
        page = (await board.client.get("/teams/warehouse")).text
        accepted = await board.client.post("/teams/warehouse/receive", data={**form, "csrf_token": csrf_token(page)})
        assert flash((await board.client.get(accepted.headers["location"])).text) == (
            "status", "Received 25 units of SKU-W in BER-1.")

        async def sparkline_drawn() -> None:
            page = (await board.client.get("/teams/warehouse")).text
            assert 'data-sku="SKU-W"' in page and "<polyline" in page and "SKU-W stock levels: 25" in page

        await eventually(sparkline_drawn)


async def test_support_acknowledges_an_advisory_and_an_unknown_order_is_said_so(start_service, broker, namespace):
    support = await start_service("support")
    async with serve(support.app) as support_url:
        board = await start_service("board", support_url=support_url)
        campaign_id = "6f1c2d3e-0000-4000-8000-000000000001"
        now = datetime.now(UTC)
        await publish(broker.bootstrap, namespace, "marketing.campaign.launch_requested.v1", campaign_id, {
            "campaign_id": campaign_id, "request_id": "r-1", "name": "Spring sale", "channels": ["email"],
            "starts_at": (now + timedelta(days=1)).isoformat(), "ends_at": (now + timedelta(days=5)).isoformat(),
            "landing_url": None, "uplift": 1.5, "items": [{"sku": "SKU-S", "expected_units": 50}]})
        await sign_in(board.client, "dev-support")

        async def advisory_listed() -> str:
            page = (await board.client.get("/teams/support")).text
            assert '<button type="submit">Acknowledge</button>' in page
            return page

        await eventually(advisory_listed)
        page = await advisory_listed()
        action = page.split('action="/teams/support/advisories/')[1].split('"')[0]
        answered = await board.client.post(f"/teams/support/advisories/{action}",
                                           data={"csrf_token": csrf_token(page)})
        assert flash((await board.client.get(answered.headers["location"])).text) == (
            "status", "Advisory acknowledged.")
        page = (await board.client.get("/teams/support")).text
        assert '<span class="badge good">acknowledged</span>' in page
        looked_up = (await board.client.get("/teams/support", params={"order_ref": "ORD-404"})).text
        assert "No order ORD-404 known to support" in looked_up
        assert "csrf_token=" not in looked_up, "the lookup is a GET: the form's token stays out of the URL"


async def test_the_order_lookup_shows_what_support_learned_from_inventorys_fulfilment_events(
    start_service, broker, namespace
):
    support = await start_service("support")
    now = datetime.now(UTC)
    shipment = {"fulfilment_id": "f-1", "order_ref": "ORD-77", "warehouse": "BER-1",
                "ship_by": (now + timedelta(hours=2)).isoformat(), "lines": [{"sku": "SKU-O", "qty": 1}]}
    await publish(broker.bootstrap, namespace, "inventory.fulfilment.status_changed.v1", "ORD-77",
                  {**shipment, "status": "awaiting_pick", "occurred_at": now.isoformat()})
    await publish(broker.bootstrap, namespace, "inventory.fulfilment.status_changed.v1", "ORD-77", {
        **shipment, "status": "shipped", "carrier": "DHL", "tracking_number": "TRK-77",
        "tracking_url": "https://tracking.example/TRK-77", "occurred_at": (now + timedelta(minutes=5)).isoformat()})

    async def support_knows_it() -> None:
        answer = await support.client.get("/v1/orders/ORD-77", headers=auth("support"))
        assert answer.status_code == 200 and answer.json()["status"] == "shipped", answer.text

    await eventually(support_knows_it)
    async with serve(support.app) as support_url:
        board = await start_service("board", support_url=support_url)
        await sign_in(board.client, "dev-support")
        page = (await board.client.get("/teams/support", params={"order_ref": "ORD-77"})).text
        result = page.split('data-testid="order-result"')[1]
        assert "Order ORD-77: shipped" in result and "on time" in result, result[:2000]
        assert "DHL" in result and "TRK-77" in result and 'href="https://tracking.example/TRK-77"' in result
        assert "BER-1" in result
        journey = result.split("Journey")[1]
        accepted, shipped = journey.index("waiting to be picked"), journey.index("Shipped from warehouse BER-1")
        assert accepted < shipped, journey
