"""Warehouses, items, movements, stock reads and reservations through the real app."""

import asyncio

from tests.integration.inventory.conftest import (
    SHOP,
    add_item,
    add_warehouse,
    drift,
    move,
    receive,
    stock,
)
from tests.support.apps import auth
from tests.support.events import eventually


async def test_movements_keep_stock_non_negative_and_the_ledger_complete(start_service):
    inventory = await start_service("inventory")
    client = inventory.client
    await add_warehouse(client, "BER-1")
    await add_warehouse(client, "HAM-2")
    await add_item(client, "SKU-1", threshold=5)

    assert (await move(client, "SKU-1", "BER-1", 10, reference="PO-1")).status_code == 201
    recorded = await move(client, "SKU-1", "HAM-2", 4)
    assert recorded.json()["level"] == {"warehouse": "HAM-2", "on_hand": 4, "reserved": 0, "available": 4}
    negative = await move(client, "SKU-1", "HAM-2", -5)
    assert negative.status_code == 409
    assert negative.headers["content-type"] == "application/problem+json"
    assert (await move(client, "SKU-404", "BER-1", 1)).status_code == 404
    assert (await move(client, "SKU-1", "NOWHERE", 1)).status_code == 404
    assert (await move(client, "SKU-1", "BER-1", 1, reason="return_restock")).status_code == 422
    assert (await move(client, "SKU-1", "BER-1", 0, reason="adjustment")).status_code == 422
    assert (await move(client, "SKU-1", "BER-1", 5, reason="shipment")).status_code == 422
    assert (await move(client, "SKU-1", "BER-1", -2, reason="adjustment")).status_code == 201

    assert await stock(client, "SKU-1") == {
        "sku": "SKU-1", "on_hand": 12, "reserved": 0, "available": 12, "status": "in_stock",
        "warehouses": [
            {"warehouse": "BER-1", "on_hand": 8, "reserved": 0, "available": 8},
            {"warehouse": "HAM-2", "on_hand": 4, "reserved": 0, "available": 4},
        ],
    }
    first = await client.get("/v1/items/SKU-1/movements?limit=2", headers=SHOP)
    second = await client.get(f"/v1/items/SKU-1/movements?limit=2&cursor={first.json()['next_cursor']}",
                              headers=SHOP)
    deltas = [m["delta"] for m in first.json()["items"] + second.json()["items"]]
    assert deltas == [-2, 4, 10]
    assert second.json()["next_cursor"] is None
    assert first.json()["items"][0]["created_at"].endswith(("Z", "+00:00"))
    bad_cursor = await client.get("/v1/items/SKU-1/movements?cursor=%%%", headers=SHOP)
    assert bad_cursor.status_code == 422

    batch = await client.get("/v1/stock?skus=SKU-1,UNKNOWN,SKU-1", headers=SHOP)
    assert [item["sku"] for item in batch.json()["items"]] == ["SKU-1"]
    assert (await client.get("/v1/stock?skus=" + ",".join(f"S{i}" for i in range(201)),
                             headers=SHOP)).status_code == 422
    assert (await client.get("/v1/stock?skus=bad sku", headers=SHOP)).status_code == 422
    assert (await client.get("/v1/stock/SKU-404", headers=SHOP)).status_code == 404
    assert (await client.get("/v1/stock/SKU-1")).status_code == 401
    assert (await client.get("/v1/items/SKU-1", headers=auth("marketing"))).status_code == 200
    assert (await client.put("/v1/items/SKU-2", json={"name": "x"}, headers=SHOP)).status_code == 403
    assert (await client.get("/v1/admin/stock-drift", headers=SHOP)).status_code == 403
    assert await drift(client) == []

    document = (await client.get("/openapi.json")).json()
    inventory_routes = [(path, method, spec) for path, methods in document["paths"].items()
                        if path.startswith("/v1/") and not path.startswith(("/v1/admin/dead-letters", "/v1/admin/outbox"))
                        for method, spec in methods.items()]
    assert len(inventory_routes) == 26
    for path, method, spec in inventory_routes:
        assert spec.get("summary") and spec.get("description"), (path, method)
        assert "401" in spec["responses"] and spec.get("security"), (path, method)


async def test_reservation_is_all_or_nothing_idempotent_by_order_ref_and_commits_as_shipment(
    start_service,
):
    inventory = await start_service("inventory", reservation_sweep_seconds=0.2)
    client = inventory.client
    for code in ("BER-1", "HAM-2"):
        await add_warehouse(client, code)
    await add_item(client, "A")
    await add_item(client, "B")
    await receive(client, "A", "BER-1", 6)
    await receive(client, "A", "HAM-2", 9)
    await receive(client, "B", "BER-1", 2)

    short = await client.post("/v1/reservations", headers=SHOP, json={
        "order_ref": "O-1", "lines": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 3}]})
    assert short.status_code == 409
    assert short.json()["shortages"] == [{"sku": "B", "requested": 3, "available": 2}]
    assert (await stock(client, "A"))["reserved"] == 0

    whole = await client.post("/v1/reservations", headers=SHOP, json={
        "order_ref": "O-1", "lines": [{"sku": "A", "qty": 5}, {"sku": "B", "qty": 2}]})
    assert whole.status_code == 201, whole.text
    assert whole.json()["lines"] == [{"sku": "A", "qty": 5, "warehouse": "HAM-2"},
                                     {"sku": "B", "qty": 2, "warehouse": "BER-1"}]
    again = await client.post("/v1/reservations", headers=SHOP, json={
        "order_ref": "O-1", "lines": [{"sku": "A", "qty": 5}]})
    assert (again.status_code, again.json()["id"]) == (200, whole.json()["id"])

    keyed = {**SHOP, "Idempotency-Key": "checkout-O-2"}
    split = await client.post("/v1/reservations", headers=keyed, json={
        "order_ref": "O-2", "lines": [{"sku": "A", "qty": 8}]})
    replayed = await client.post("/v1/reservations", headers=keyed, json={
        "order_ref": "O-2", "lines": [{"sku": "A", "qty": 8}]})
    assert (replayed.status_code, replayed.headers["Idempotent-Replayed"]) == (201, "true")
    assert replayed.json() == split.json()
    assert split.json()["lines"] == [{"sku": "A", "qty": 6, "warehouse": "BER-1"},
                                     {"sku": "A", "qty": 2, "warehouse": "HAM-2"}]
    assert (await move(client, "A", "BER-1", -1)).status_code == 409  # all of BER-1 is reserved

    reservation_id = whole.json()["id"]
    committed = await client.post(f"/v1/reservations/{reservation_id}/commit", headers=SHOP)
    assert committed.json()["status"] == "committed"
    assert (await client.post(f"/v1/reservations/{reservation_id}/release",
                              headers=SHOP)).status_code == 409
    released = await client.post(f"/v1/reservations/{split.json()['id']}/release", headers=SHOP)
    assert released.json()["status"] == "released"
    unknown = "00000000-0000-0000-0000-000000000000"
    assert (await client.post(f"/v1/reservations/{unknown}/commit", headers=SHOP)).status_code == 404
    assert (await client.post("/v1/reservations", headers=auth("marketing"), json={
        "order_ref": "O-9", "lines": [{"sku": "A", "qty": 1}]})).status_code == 403

    a = await stock(client, "A")
    assert (a["on_hand"], a["reserved"], a["available"]) == (10, 0, 10)
    ledger = (await client.get("/v1/items/A/movements", headers=SHOP)).json()["items"]
    assert (ledger[0]["reason"], ledger[0]["delta"], ledger[0]["reference"]) == (
        "shipment", -5, reservation_id)

    expiring = await client.post("/v1/reservations", headers=SHOP, json={
        "order_ref": "O-3", "lines": [{"sku": "A", "qty": 10}], "ttl_seconds": 1})
    assert (await stock(client, "A"))["available"] == 0

    async def expired_and_released() -> None:
        found = await client.get(f"/v1/reservations/{expiring.json()['id']}", headers=SHOP)
        assert found.json()["status"] == "expired"
        assert (await stock(client, "A"))["available"] == 10

    await eventually(expired_and_released, timeout=10)
    assert await drift(client) == []
    await asyncio.sleep(0)
