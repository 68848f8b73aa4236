"""Warehouses known to others, paginated lists, expiry read at once and strict integers."""

import asyncio

from sqlalchemy import text

from tests.integration.inventory.conftest import KEEPER, SHOP, add_item, add_warehouse, drift, move, receive
from tests.support.events import EventProbe

CHANGED = "inventory.warehouse.changed.v1"


async def test_a_warehouse_change_is_published_on_create_and_change_only(start_service, broker, namespace):
    inventory = await start_service("inventory")
    client = inventory.client
    async with EventProbe(broker.bootstrap, namespace, ["inventory.events"]) as events:
        for name, country in (("Berlin", "DE"), ("Berlin", "DE"), ("Berlin East", "DE"), ("Berlin East", "DE")):
            answer = await client.put("/v1/warehouses/BER-1", headers=KEEPER, json={"name": name, "country": country})
            assert answer.status_code in (200, 201)
        await client.put("/v1/warehouses/MARK", headers=KEEPER, json={"name": "Marker", "country": "PL"})
        published = await events.wait_for(CHANGED, count=3)
        assert [(e.subject, e.data) for e in published] == [
            ("BER-1", {"code": "BER-1", "name": "Berlin", "country": "DE"}),
            ("BER-1", {"code": "BER-1", "name": "Berlin East", "country": "DE"}),
            ("MARK", {"code": "MARK", "name": "Marker", "country": "PL"}),
        ]


async def test_warehouses_and_drift_are_paginated(start_service):
    inventory = await start_service("inventory")
    client = inventory.client
    for code in ("W3", "W1", "W2"):
        await add_warehouse(client, code)
    first = (await client.get("/v1/warehouses?limit=2", headers=SHOP)).json()
    assert [w["code"] for w in first["items"]] == ["W1", "W2"]
    second = (await client.get(f"/v1/warehouses?limit=2&cursor={first['next_cursor']}", headers=SHOP)).json()
    assert ([w["code"] for w in second["items"]], second["next_cursor"]) == (["W3"], None)
    assert (await client.get("/v1/warehouses?limit=0", headers=SHOP)).status_code == 422
    assert (await client.get("/v1/warehouses?cursor=bad!", headers=SHOP)).status_code == 422

    for sku in ("D-1", "D-2", "D-3"):
        await add_item(client, sku)
        await receive(client, sku, "W1", 5)
    assert await drift(client) == []
    async with inventory.backbone.uow() as uow:  # damage the figures behind the ledger's back
        await uow.execute(text("UPDATE stock_levels SET on_hand = on_hand + 1"))
        await uow.commit()
    page = (await client.get("/v1/admin/stock-drift?limit=2", headers=KEEPER)).json()
    assert [(row["sku"], row["on_hand"], row["ledger_on_hand"]) for row in page["items"]] == [
        ("D-1", 6, 5), ("D-2", 6, 5)]
    rest = (await client.get(f"/v1/admin/stock-drift?limit=2&cursor={page['next_cursor']}",
                             headers=KEEPER)).json()
    assert ([row["sku"] for row in rest["items"]], rest["next_cursor"]) == (["D-3"], None)


async def test_a_reservation_reads_expired_at_once_and_integers_are_strict(start_service):
    inventory = await start_service("inventory", reservation_sweep_seconds=3600)
    client = inventory.client
    await add_warehouse(client, "W1")
    await add_item(client, "E-1")
    await receive(client, "E-1", "W1", 5)
    held = await client.post("/v1/reservations", headers=SHOP, json={
        "order_ref": "ORD-E", "lines": [{"sku": "E-1", "qty": 2}], "ttl_seconds": 1})
    await asyncio.sleep(1.2)
    found = await client.get(f"/v1/reservations/{held.json()['id']}", headers=SHOP)
    assert found.json()["status"] == "expired"
    again = await client.post("/v1/reservations", headers=SHOP, json={
        "order_ref": "ORD-E", "lines": [{"sku": "E-1", "qty": 2}]})
    assert (again.status_code, again.json()["status"]) == (200, "expired")

    assert (await move(client, "E-1", "W1", True, reason="adjustment")).status_code == 422
    assert (await move(client, "E-1", "W1", "5", reason="adjustment")).status_code == 422
    for body in ({"order_ref": "ORD-S", "lines": [{"sku": "E-1", "qty": 1}], "ttl_seconds": "5"},
                 {"order_ref": "ORD-S", "lines": [{"sku": "E-1", "qty": True}]},
                 {"order_ref": "ORD-S", "lines": [{"sku": "E-1", "qty": 1.0}]}):
        assert (await client.post("/v1/reservations", headers=SHOP, json=body)).status_code == 422
    assert (await client.put("/v1/items/E-1", headers=KEEPER, json={
        "name": "x", "low_stock_threshold": "3"})).status_code == 422
