"""Fulfilments through the real app and broker: the status machine, shipping as the commit of
the reservation, and the status events keyed by order."""

from sqlalchemy import text

from tests.integration.inventory.conftest import KEEPER, SHOP, add_item, add_warehouse, drift, receive, stock
from tests.integration.inventory.fulfilment_steps import act, fulfilment, open_fulfilment, reserve, soon
from tests.support.apps import auth
from tests.support.events import EventProbe

STATUS_CHANGED = "inventory.fulfilment.status_changed.v1"


async def test_a_fulfilment_runs_from_pick_to_delivery_and_shipping_commits_the_reservation(
    start_service, broker, namespace,
):
    inventory = await start_service("inventory")
    client = inventory.client
    for code in ("W1", "W2"):
        await add_warehouse(client, code)
    await add_item(client, "F-1", threshold=0)
    await receive(client, "F-1", "W1", 2)
    await receive(client, "F-1", "W2", 5)
    async with EventProbe(broker.bootstrap, namespace, ["inventory.events"]) as events:
        reservation = await reserve(client, "ORD-F1", [("F-1", 6)])  # split: 5 from W2, 1 from W1
        created = await open_fulfilment(client, "ORD-F1", reservation["id"], deliver_by=soon(7200),
                                        service_level="express")
        assert created.status_code == 201, created.text
        body = created.json()
        assert (body["status"], body["warehouse"], body["service_level"]) == ("awaiting_pick", "W2", "express")
        assert (body["delayed"], body["delay_reasons"]) == (False, [])
        again = await open_fulfilment(client, "ORD-F1", reservation["id"])
        assert (again.status_code, again.json()["id"]) == (200, body["id"])
        other_order = await open_fulfilment(client, "ORD-OTHER", reservation["id"])
        assert other_order.status_code == 409

        fulfilment_id = body["id"]
        early = await act(client, fulfilment_id, "ship", carrier="DHL", tracking_number="T-1")
        assert early.status_code == 409
        assert early.headers["content-type"] == "application/problem+json"
        assert early.json()["current_status"] == "awaiting_pick"
        assert (await act(client, fulfilment_id, "pick")).json()["status"] == "picked"
        assert (await act(client, fulfilment_id, "pick")).json()["current_status"] == "picked"
        assert (await act(client, fulfilment_id, "pack", packages=0)).status_code == 422
        assert (await act(client, fulfilment_id, "pack", packages=True)).status_code == 422
        packed = await act(client, fulfilment_id, "pack", packages=2)
        assert (packed.json()["status"], packed.json()["packages"]) == ("packed", 2)
        assert (await act(client, fulfilment_id, "ship", carrier="   ", tracking_number="T-1")).status_code == 422
        shipped = await act(client, fulfilment_id, "ship", carrier="DHL", tracking_number="T-1",
                            tracking_url="https://track.example/T-1")
        assert shipped.status_code == 200, shipped.text
        assert (shipped.json()["status"], shipped.json()["carrier"]) == ("shipped", "DHL")

        committed = await client.get(f"/v1/reservations/{reservation['id']}", headers=SHOP)
        assert committed.json()["status"] == "committed"
        figures = await stock(client, "F-1")
        assert (figures["on_hand"], figures["reserved"]) == (1, 0)
        ledger = (await client.get("/v1/items/F-1/movements", headers=SHOP)).json()["items"]
        shipments = sorted((m["warehouse"], m["delta"]) for m in ledger if m["reason"] == "shipment")
        assert shipments == [("W1", -1), ("W2", -5)]
        assert (await act(client, fulfilment_id, "cancel", reason="too late")).json()["current_status"] == "shipped"
        delivered = await act(client, fulfilment_id, "deliver")
        assert delivered.json()["status"] == "delivered" and delivered.json()["delivered_at"]
        assert (await act(client, fulfilment_id, "exception", kind="lost")).status_code == 409

        changes = await events.wait_for(STATUS_CHANGED, count=5)
        assert [e.data["status"] for e in changes] == ["awaiting_pick", "picked", "packed", "shipped", "delivered"]
        assert {e.subject for e in changes} == {"ORD-F1"}
        assert changes[3].data["tracking_url"] == "https://track.example/T-1"
        assert set(changes[0].data) == {"fulfilment_id", "order_ref", "warehouse", "status", "carrier",
                                        "tracking_number", "tracking_url", "ship_by", "deliver_by",
                                        "occurred_at", "lines", "exception_kind"}
        assert changes[3].data["lines"] and all(line["qty"] > 0 for line in changes[3].data["lines"])
        await events.wait_for("inventory.stock.changed.v1", count=4)
        assert [e.data["reason"] for e in events.of_type("inventory.stock.changed.v1")][-2:] == [
            "shipment", "shipment"]
    assert await drift(client) == []

    listed = await client.get("/v1/fulfilments?order_ref=ORD-F1&status=delivered", headers=auth("support"))
    assert [item["id"] for item in listed.json()["items"]] == [fulfilment_id]
    assert (await client.get("/v1/fulfilments", headers=auth("marketing"))).status_code == 403
    assert (await client.get("/v1/fulfilments?cursor=nope", headers=KEEPER)).status_code == 422


async def test_only_an_active_reservation_is_fulfilled_and_only_an_active_one_ships(start_service):
    inventory = await start_service("inventory")
    client = inventory.client
    await add_warehouse(client, "W1")
    await add_item(client, "F-2")
    await receive(client, "F-2", "W1", 10)

    released = await reserve(client, "ORD-R", [("F-2", 1)])
    await client.post(f"/v1/reservations/{released['id']}/release", headers=SHOP)
    refused = await open_fulfilment(client, "ORD-R", released["id"])
    assert (refused.status_code, refused.json()["current_status"]) == (409, "released")
    unknown = await open_fulfilment(client, "ORD-X", "00000000-0000-0000-0000-000000000000")
    assert unknown.status_code == 404

    held = await reserve(client, "ORD-H", [("F-2", 2)])
    fulfilment_id = (await open_fulfilment(client, "ORD-H", held["id"])).json()["id"]
    await act(client, fulfilment_id, "pick")
    await act(client, fulfilment_id, "pack", packages=1)
    await client.post(f"/v1/reservations/{held['id']}/release", headers=SHOP)
    cannot_ship = await act(client, fulfilment_id, "ship", carrier="DHL", tracking_number="T-H")
    assert cannot_ship.status_code == 409
    assert (cannot_ship.json()["current_status"], cannot_ship.json()["reservation_status"]) == (
        "packed", "released")
    assert (await fulfilment(client, fulfilment_id))["status"] == "packed"
    assert (await stock(client, "F-2"))["on_hand"] == 10

    kept = await reserve(client, "ORD-C", [("F-2", 3)])
    cancelled_id = (await open_fulfilment(client, "ORD-C", kept["id"])).json()["id"]
    cancelled = await act(client, cancelled_id, "cancel", reason="Customer changed their mind")
    assert (cancelled.json()["status"], cancelled.json()["cancel_reason"]) == (
        "cancelled", "Customer changed their mind")
    still = await client.get(f"/v1/reservations/{kept['id']}", headers=SHOP)
    assert still.json()["status"] == "active"  # cancelling leaves the reservation as it is
    assert (await stock(client, "F-2"))["reserved"] == 3
    assert (await act(client, cancelled_id, "pick")).json()["current_status"] == "cancelled"
    assert (await client.get("/v1/fulfilments/abc", headers=KEEPER)).status_code == 404
    bad_dates = await client.post("/v1/fulfilments", headers=SHOP, json={
        "order_ref": "ORD-D", "reservation_id": kept["id"], "ship_by": soon(7200), "deliver_by": soon()})
    assert bad_dates.status_code == 422
    naive = await client.post("/v1/fulfilments", headers=SHOP, json={
        "order_ref": "ORD-D", "reservation_id": kept["id"], "ship_by": "2026-12-01T10:00:00"})
    assert naive.status_code == 422
    async with inventory.backbone.uow(read_only=True) as uow:
        count = (await uow.execute(text("SELECT count(*) FROM fulfilments"))).scalar_one()
    assert count == 2
