"""The fulfilment loop with every service as its own process: orders ship and are tracked, one
stalls and support hears of it first, and return reasons reach the teams that can fix them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.events import eventually
from tests.support.shop import Shop

pytestmark = pytest.mark.e2e


@pytest.fixture
def shop(system, site) -> Shop:
    return Shop(system, site.url)


async def _order(shop: Shop, name: str, sku: str, ship_by: datetime) -> dict[str, Any]:
    order_ref = f"ORD-{shop.run}-{name}"
    reservation = await shop.ok("inventory", "POST", "/v1/reservations", "storefront", json={
        "order_ref": order_ref, "lines": [{"sku": sku, "qty": 2}], "ttl_seconds": 3600})
    fulfilment: dict[str, Any] = await shop.ok("inventory", "POST", "/v1/fulfilments", "storefront", json={
        "order_ref": order_ref, "reservation_id": reservation["id"], "ship_by": ship_by.isoformat(),
        "deliver_by": (ship_by + timedelta(days=2)).isoformat()})
    return fulfilment


async def _ship(shop: Shop, fulfilment: dict[str, Any], tracking: str) -> dict[str, Any]:
    path = f"/v1/fulfilments/{fulfilment['id']}"
    await shop.ok("inventory", "POST", f"{path}/pick", "inventory")
    await shop.ok("inventory", "POST", f"{path}/pack", "inventory", json={"packages": 1})
    shipped: dict[str, Any] = await shop.ok("inventory", "POST", f"{path}/ship", "inventory", json={
        "carrier": "DHL", "tracking_number": tracking, "tracking_url": f"https://tracking.example/{tracking}"})
    return shipped


async def _scan(shop: Shop, tracking: str, event_id: str, status: str, at: datetime) -> None:
    await shop.ok("inventory", "POST", "/v1/carrier-events", "inventory", json={
        "carrier": "DHL", "event_id": event_id, "tracking_number": tracking, "status": status,
        "occurred_at": at.isoformat()})


async def _order_view(shop: Shop, order_ref: str) -> dict[str, Any]:
    response = await shop.system.call("support", "GET", f"/v1/orders/{order_ref}", "support")
    assert response.status_code == 200, response.text
    view: dict[str, Any] = response.json()
    return view


async def test_orders_ship_one_stalls_support_hears_first_and_returns_reach_the_teams(shop):
    sku, jacket, lamp = shop.sku("SHOE"), shop.sku("JACKET"), shop.sku("LAMP")
    await shop.stock_item(sku, 50)
    await shop.stock_item(jacket, 50)
    await shop.stock_item(lamp, 50)
    await shop.page(f"/products/{lamp}", "product", lamp)
    now = datetime.now(UTC)

    on_time = await _order(shop, "A", sku, now + timedelta(hours=4))
    stalled = await _order(shop, "B", sku, now + timedelta(seconds=1))
    shipped = await _ship(shop, on_time, f"TRK{shop.run}A")
    assert shipped["status"] == "shipped"
    again = await shop.system.call("inventory", "POST", f"/v1/fulfilments/{on_time['id']}/ship", "inventory",
                                   json={"carrier": "DHL", "tracking_number": f"TRK{shop.run}A"})
    assert again.status_code == 409 and again.json()["current_status"] == "shipped", again.text
    stock = await shop.ok("inventory", "GET", f"/v1/stock/{sku}", "storefront")
    assert (stock["on_hand"], stock["reserved"]) == (48, 2), stock  # A's goods left; B's are still reserved
    movements = await shop.ok("inventory", "GET", f"/v1/items/{sku}/movements", "inventory")
    assert [m["reason"] for m in movements["items"]].count("shipment") == 1, movements

    tracking = f"TRK{shop.run}A"
    await _scan(shop, tracking, "e-2", "delivered", now + timedelta(minutes=2))
    await _scan(shop, tracking, "e-1", "in_transit", now + timedelta(minutes=1))  # late, older scan
    await _scan(shop, tracking, "e-2", "delivered", now + timedelta(minutes=2))  # the same scan again
    delivered = await shop.ok("inventory", "GET", f"/v1/fulfilments/{on_time['id']}", "inventory")
    assert delivered["status"] == "delivered", delivered

    async def stalled_order_reads_delayed() -> None:
        view = await _order_view(shop, stalled["order_ref"])
        assert view["delayed"] is True and "not_shipped_in_time" in view["delay_reasons"], view

    await eventually(stalled_order_reads_delayed, timeout=30)

    async def on_time_order_reads_delivered() -> None:
        assert (await _order_view(shop, on_time["order_ref"]))["status"] == "delivered"

    await eventually(on_time_order_reads_delivered, timeout=30)

    wismo = {"customer_ref": "c-1", "channel": "chat", "subject": "Where is my order?",
             "body": "It should be here by now.", "topic": "order_status"}
    calm = await shop.ok("support", "POST", "/v1/tickets", "storefront",
                         json={**wismo, "order_ref": on_time["order_ref"]})
    assert calm["order"]["status"] == "delivered" and calm["suggested_reply"], calm
    assert tracking in calm["suggested_reply"], calm
    worried = await shop.ok("support", "POST", "/v1/tickets", "storefront",
                            json={**wismo, "order_ref": stalled["order_ref"]})
    assert worried["order"]["delayed"] is True and worried["priority"] in ("high", "urgent"), worried

    await _ship(shop, stalled, f"TRK{shop.run}B")

    async def delay_cleared_with_the_journey() -> None:
        view = await _order_view(shop, stalled["order_ref"])
        assert view["delayed"] is False and view["status"] == "shipped", view
        sources = [step["source"] for step in view["journey"]]
        assert "fulfilment" in sources and "ticket" in sources, view
        moments = [step["at"] for step in view["journey"]]
        assert moments == sorted(moments), view

    await eventually(delay_cleared_with_the_journey, timeout=30)
    drift = await shop.ok("inventory", "GET", "/v1/admin/stock-drift", "admin")
    assert drift["items"] == [], drift

    for number in range(6):
        await shop.request_return({"order_ref": f"ORD-{shop.run}-D{number}", "customer_ref": f"c-d{number}",
                                   "lines": [{"sku": jacket, "qty": 1, "reason": "damaged",
                                              "comment": f"Box crushed ({number})"}]})
    comments = [f"The colour is nothing like the photo ({n})" for n in range(5)]
    for number, comment in enumerate(comments):
        await shop.request_return({"order_ref": f"ORD-{shop.run}-N{number}", "customer_ref": f"c-n{number}",
                                   "lines": [{"sku": lamp, "qty": 1, "reason": "not_as_described",
                                              "comment": comment}]})

    async def packaging_alert_and_description_task() -> None:
        alerts = await shop.ok("inventory", "GET", "/v1/quality-alerts?kind=packaging", "inventory")
        mine = [a for a in alerts["items"] if a["sku"] == jacket]
        assert len(mine) == 1 and mine[0]["status"] == "open", alerts
        tasks = [t for t in await shop.tasks(kind="fix_product_description") if t["sku"] == lamp]
        assert len(tasks) == 1, tasks
        assert set(comments) <= set(map(str, tasks[0]["details"].get("sample_comments", []))), tasks

    await eventually(packaging_alert_and_description_task, timeout=30)
