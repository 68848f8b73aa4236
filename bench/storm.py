"""Reservation storm: 500 concurrent single-unit reservations on a SKU with 100 units.

Inventory runs under uvicorn (one worker) on a fresh PostgreSQL database. Exactly 100 must
succeed, the other 400 must be refused with 409, and the drift report must be empty afterwards.
The baseline is the bare database doing the same: 500 concurrent conditional `UPDATE ...
RETURNING` statements over a pool of the service's size, with no HTTP, ledger or events.
Run: `python -m bench.storm`.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import asyncpg
import httpx

from bench.common import Figure, asyncpg_dsn, fresh_postgres
from bench.hot_reads import service_env
from bench.http_load import uvicorn_server
from shared.migrate import upgrade
from tests.support.apps import auth

REQUESTS = 500
UNITS = 100
SKU = "STORM-1"
POOL_SIZE = 10


async def _seed(client: httpx.AsyncClient) -> None:
    headers = auth("inventory")
    for method, path, body in (
        ("PUT", "/v1/warehouses/W1", {"name": "Berlin", "country": "DE"}),
        ("PUT", f"/v1/items/{SKU}", {"name": "Storm item"}),
        ("POST", "/v1/stock/movements", {"sku": SKU, "warehouse": "W1", "delta": UNITS, "reason": "receipt"}),
    ):
        response = await client.request(method, path, json=body, headers=headers)
        response.raise_for_status()


async def _storm(port: int) -> tuple[Counter[int], float, list[object]]:
    base_url = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base_url) as client:
        await _seed(client)
    limits = httpx.Limits(max_connections=REQUESTS, max_keepalive_connections=REQUESTS)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:

        async def reserve(number: int) -> int:
            response = await client.post("/v1/reservations", headers=auth("storefront"), json={
                "order_ref": f"order-{number}", "lines": [{"sku": SKU, "qty": 1}],
            })
            return response.status_code

        started = time.perf_counter()
        statuses = await asyncio.gather(*(reserve(n) for n in range(REQUESTS)))
        elapsed = time.perf_counter() - started
    # A new connection: the server may have closed the storm's idle keep-alive ones by now.
    async with httpx.AsyncClient(base_url=base_url) as client:
        drift = (await client.get("/v1/admin/stock-drift", headers=auth("inventory"))).json()["items"]
    return Counter(statuses), elapsed, drift


async def _bare_database(url: str) -> tuple[int, float]:
    """The same storm as conditional updates straight on PostgreSQL."""
    pool = await asyncpg.create_pool(asyncpg_dsn(url), min_size=POOL_SIZE, max_size=POOL_SIZE)
    try:
        await pool.execute("CREATE TABLE storm (sku text PRIMARY KEY, on_hand int, reserved int)")
        await pool.execute("INSERT INTO storm VALUES ($1, $2, 0)", SKU, UNITS)

        async def reserve() -> bool:
            row = await pool.fetchrow("UPDATE storm SET reserved = reserved + 1 WHERE sku = $1 "
                                      "AND on_hand - reserved >= 1 RETURNING reserved", SKU)
            return row is not None

        started = time.perf_counter()
        granted = sum(await asyncio.gather(*(reserve() for _ in range(REQUESTS))))
        return granted, time.perf_counter() - started
    finally:
        await pool.close()


async def run() -> list[Figure]:
    async with fresh_postgres("inventory_storm") as url:
        await asyncio.to_thread(upgrade, "inventory", url)
        with uvicorn_server("services.inventory.main:create_app", service_env("inventory", url)) as port:
            statuses, elapsed, drift = await _storm(port)
        granted, bare_elapsed = await _bare_database(url)
    ours_rate, bare_rate = REQUESTS / elapsed, REQUESTS / bare_elapsed
    exact = statuses[201] == UNITS and statuses[409] == REQUESTS - UNITS and not drift
    return [Figure(
        name=f"reservation storm: {REQUESTS} concurrent on {UNITS} units (requests/s)",
        ours=f"{ours_rate:,.0f}", baseline=f"{bare_rate:,.0f}", ratio=ours_rate / bare_rate,
        target=f"exactly {UNITS} succeed, drift empty", met=exact,
        note=f"statuses {dict(sorted(statuses.items()))}, drift rows {len(drift)}; baseline: "
             f"bare conditional UPDATEs ({granted} granted) in {bare_elapsed:.2f} s vs {elapsed:.2f} s",
    )]


if __name__ == "__main__":
    for figure in asyncio.run(run()):
        print(figure)
