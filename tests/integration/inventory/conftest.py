"""Factories for inventory tests: warehouses, items and stock through the real HTTP API."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.apps import auth

KEEPER = auth("inventory")
SHOP = auth("storefront")


async def add_warehouse(client: httpx.AsyncClient, code: str) -> None:
    response = await client.put(
        f"/v1/warehouses/{code}", json={"name": code, "country": "DE"}, headers=KEEPER
    )
    assert response.status_code in (200, 201), response.text


async def add_item(client: httpx.AsyncClient, sku: str, threshold: int = 10, safety_stock: int = 0) -> None:
    response = await client.put(f"/v1/items/{sku}", headers=KEEPER, json={
        "name": f"Item {sku}", "low_stock_threshold": threshold, "safety_stock": safety_stock,
    })
    assert response.status_code in (200, 201), response.text


async def move(
    client: httpx.AsyncClient, sku: str, warehouse: str, delta: int, reason: str = "", **extra: Any
) -> httpx.Response:
    reason = reason or ("receipt" if delta > 0 else "shipment")
    return await client.post("/v1/stock/movements", headers=KEEPER, json={
        "sku": sku, "warehouse": warehouse, "delta": delta, "reason": reason, **extra,
    })


async def receive(client: httpx.AsyncClient, sku: str, warehouse: str, units: int) -> None:
    response = await move(client, sku, warehouse, units)
    assert response.status_code == 201, response.text


async def stock(client: httpx.AsyncClient, sku: str) -> dict[str, Any]:
    response = await client.get(f"/v1/stock/{sku}", headers=SHOP)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def drift(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await client.get("/v1/admin/stock-drift", headers=KEEPER)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items
