"""The storefront's stock reads answer exactly what the repository query answers, on PostgreSQL
through the asyncpg fast path and its cache, on SQLite through a read-only unit of work that
takes no write lock."""

import asyncio
import json
from dataclasses import asdict

import pytest

from services.inventory.repository import stock as stock_queries
from tests.integration.inventory.conftest import KEEPER, SHOP, add_item, add_warehouse, receive

SKUS = ["SKU-MULTI", "SKU-EMPTY", "SKU-UNKNOWN", "SKU-LOW", "SKU-HELD"]


async def test_the_fast_path_answers_what_the_repository_query_answers(start_service):
    inventory = await start_service("inventory")
    client = inventory.client
    for code in ("BER-1", "HAM-1", "MUC-1"):
        await add_warehouse(client, code)
    for sku in ("SKU-MULTI", "SKU-EMPTY", "SKU-LOW", "SKU-HELD"):
        await add_item(client, sku, threshold=5)
    await receive(client, "SKU-MULTI", "BER-1", 40)
    await receive(client, "SKU-MULTI", "HAM-1", 25)
    await receive(client, "SKU-MULTI", "MUC-1", 3)
    await receive(client, "SKU-LOW", "HAM-1", 4)
    await receive(client, "SKU-HELD", "MUC-1", 6)
    reserved = await client.post("/v1/reservations", headers=SHOP, json={
        "order_ref": "ORD-READS", "lines": [{"sku": "SKU-MULTI", "qty": 50}, {"sku": "SKU-HELD", "qty": 6}],
    })
    assert reserved.status_code == 201, reserved.text

    async with inventory.backbone.uow(read_only=True) as uow:
        expected = await stock_queries.stock_views(uow, SKUS)
    assert set(expected) == {"SKU-MULTI", "SKU-EMPTY", "SKU-LOW", "SKU-HELD"}
    assert expected["SKU-MULTI"].reserved == 50 and len(expected["SKU-MULTI"].warehouses) == 3
    assert expected["SKU-EMPTY"].warehouses == () and expected["SKU-HELD"].status == "out_of_stock"

    reads = inventory.app.state.stock_reads
    assert await reads.views(SKUS) == expected  # loaded (asyncpg on PostgreSQL)
    assert await reads.views(SKUS) == expected  # cached on PostgreSQL
    for sku in SKUS:
        assert await reads.views([sku]) == ({sku: expected[sku]} if sku in expected else {})
        response = await client.get(f"/v1/stock/{sku}", headers=SHOP)
        if sku in expected:
            assert response.json() == json.loads(json.dumps(asdict(expected[sku])))
        else:
            assert response.status_code == 404
    batch = await client.get(f"/v1/stock?skus={','.join(SKUS)}", headers=SHOP)
    assert batch.json() == {"items": [json.loads(json.dumps(asdict(expected[sku])))
                                      for sku in SKUS if sku in expected]}


@pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True)
async def test_reads_do_not_wait_for_a_writer_on_sqlite(start_service):
    inventory = await start_service("inventory")
    client = inventory.client
    await add_warehouse(client, "BER-1")
    await add_item(client, "SKU-R")
    await receive(client, "SKU-R", "BER-1", 5)
    reserved = await client.post("/v1/reservations", headers=SHOP, json={
        "order_ref": "ORD-LOCK", "lines": [{"sku": "SKU-R", "qty": 1}],
    })
    reservation_id = reserved.json()["id"]
    reads = ["/v1/stock/SKU-R", "/v1/stock?skus=SKU-R", "/v1/warehouses", "/v1/items/SKU-R",
             "/v1/items/SKU-R/movements", f"/v1/reservations/{reservation_id}",
             "/v1/campaign-checks/C-1", "/v1/admin/stock-drift"]
    async with inventory.backbone.uow():  # holds SQLite's write lock until it ends
        for path in reads:
            response = await asyncio.wait_for(client.get(path, headers=KEEPER), timeout=5)
            assert response.status_code in (200, 404), (path, response.text)
