"""Steps of a fulfilment through the real HTTP API, for the fulfilment tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.integration.inventory.conftest import KEEPER, SHOP


def soon(seconds: float = 3600) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat()


async def reserve(client: httpx.AsyncClient, order_ref: str, lines: list[tuple[str, int]]) -> dict[str, Any]:
    response = await client.post("/v1/reservations", headers=SHOP, json={
        "order_ref": order_ref, "lines": [{"sku": sku, "qty": qty} for sku, qty in lines]})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def open_fulfilment(
    client: httpx.AsyncClient, order_ref: str, reservation_id: str, ship_by: str | None = None,
    **extra: Any,
) -> httpx.Response:
    return await client.post("/v1/fulfilments", headers=SHOP, json={
        "order_ref": order_ref, "reservation_id": reservation_id, "ship_by": ship_by or soon(), **extra})


async def act(client: httpx.AsyncClient, fulfilment_id: str, action: str, **body: Any) -> httpx.Response:
    return await client.post(f"/v1/fulfilments/{fulfilment_id}/{action}", headers=KEEPER,
                             json=body or None)


async def ship_order(
    client: httpx.AsyncClient, sku: str, order_ref: str, tracking_number: str, **extra: Any
) -> dict[str, Any]:
    """Reserve one unit, open the fulfilment, pick, pack and ship it; the shipped fulfilment."""
    reservation = await reserve(client, order_ref, [(sku, 1)])
    created = await open_fulfilment(client, order_ref, reservation["id"], **extra)
    assert created.status_code == 201, created.text
    fulfilment_id = created.json()["id"]
    assert (await act(client, fulfilment_id, "pick")).status_code == 200
    assert (await act(client, fulfilment_id, "pack", packages=1)).status_code == 200
    shipped = await act(client, fulfilment_id, "ship", carrier="DHL", tracking_number=tracking_number)
    assert shipped.status_code == 200, shipped.text
    body: dict[str, Any] = shipped.json()
    return body


async def scan(
    client: httpx.AsyncClient, tracking_number: str, event_id: str, status: str, occurred_at: datetime,
    carrier: str = "DHL",
) -> httpx.Response:
    return await client.post("/v1/carrier-events", headers=KEEPER, json={
        "carrier": carrier, "event_id": event_id, "tracking_number": tracking_number, "status": status,
        "occurred_at": occurred_at.isoformat()})


async def fulfilment(client: httpx.AsyncClient, fulfilment_id: str) -> dict[str, Any]:
    response = await client.get(f"/v1/fulfilments/{fulfilment_id}", headers=KEEPER)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
