"""Reservation storm: 500 concurrent single-unit reservations on a SKU with 100 units.

Inventory runs under uvicorn (one worker) on a fresh database (SQLite file or PostgreSQL).
Exactly 100 must succeed, the other 400 must be refused with 409, and the drift report must be
empty afterwards. The baseline (bench/bare_reserve.py) is a bare FastAPI endpoint doing one
conditional UPDATE per request on the same database, under the same uvicorn and driven by the
same 500 concurrent HTTP requests. Target (SPEC §10): exact outcome, throughput ≥ 0.5x the bare.
Run: `python -m bench.storm [sqlite|postgres]`.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable

import httpx
from sqlalchemy import text

from bench import bare_reserve
from bench.common import LABELS, Figure, fresh_database
from bench.hot_reads import service_env
from bench.http_load import uvicorn_server
from shared.db import create_engine
from shared.migrate import upgrade
from tests.support.apps import auth

REQUESTS = 500
UNITS = 100
SKU = "STORM-1"
MIN_RATIO = 0.5


async def _seed(client: httpx.AsyncClient) -> None:
    headers = auth("inventory")
    for method, path, body in (
        ("PUT", "/v1/warehouses/W1", {"name": "Berlin", "country": "DE"}),
        ("PUT", f"/v1/items/{SKU}", {"name": "Storm item"}),
        ("POST", "/v1/stock/movements", {"sku": SKU, "warehouse": "W1", "delta": UNITS, "reason": "receipt"}),
    ):
        response = await client.request(method, path, json=body, headers=headers)
        response.raise_for_status()


async def _storm(port: int, request: Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]
                 ) -> tuple[Counter[int], float]:
    """Statuses of REQUESTS concurrent requests, and the seconds they took."""
    limits = httpx.Limits(max_connections=REQUESTS, max_keepalive_connections=REQUESTS)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=60) as client:
        started = time.perf_counter()
        responses = await asyncio.gather(*(request(client, n) for n in range(REQUESTS)))
        elapsed = time.perf_counter() - started
    return Counter(response.status_code for response in responses), elapsed


async def _ours(port: int) -> tuple[Counter[int], float, list[object]]:
    base_url = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base_url) as client:
        await _seed(client)

    def reserve(client: httpx.AsyncClient, number: int) -> Awaitable[httpx.Response]:
        return client.post("/v1/reservations", headers=auth("storefront"), json={
            "order_ref": f"order-{number}", "lines": [{"sku": SKU, "qty": 1}],
        })

    statuses, elapsed = await _storm(port, reserve)
    # A new connection: the server may have closed the storm's idle keep-alive ones by now.
    async with httpx.AsyncClient(base_url=base_url) as client:
        drift = (await client.get("/v1/admin/stock-drift", headers=auth("inventory"))).json()["items"]
    return statuses, elapsed, drift


async def _bare(url: str) -> tuple[Counter[int], float]:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for statement in bare_reserve.create_table_sql(SKU, UNITS):
                await connection.execute(text(statement))
    finally:
        await engine.dispose()
    with uvicorn_server("bench.bare_reserve:create_app", {"BARE_DATABASE_URL": url}) as port:
        return await _storm(port, lambda client, _: client.post(f"/reserve/{SKU}"))


async def run(backend: str) -> list[Figure]:
    async with fresh_database(backend, "inventory_storm") as url:
        await asyncio.to_thread(upgrade, "inventory", url)
        with uvicorn_server("services.inventory.main:create_app", service_env("inventory", url)) as port:
            statuses, elapsed, drift = await _ours(port)
        bare_statuses, bare_elapsed = await _bare(url)
    ours_rate, bare_rate = REQUESTS / elapsed, REQUESTS / bare_elapsed
    ratio = ours_rate / bare_rate
    exact = statuses[201] == UNITS and statuses[409] == REQUESTS - UNITS and not drift
    return [Figure(
        name=f"reservation storm: {REQUESTS} concurrent on {UNITS} units (requests/s)",
        database=LABELS[backend], ours=f"{ours_rate:,.0f}", baseline=f"{bare_rate:,.0f}", ratio=ratio,
        target=f"exactly {UNITS} succeed, drift empty, ratio ≥ {MIN_RATIO}", met=exact and ratio >= MIN_RATIO,
        note=f"statuses {dict(sorted(statuses.items()))}, drift rows {len(drift)}; baseline: bare FastAPI "
             f"+ one conditional UPDATE per request, statuses {dict(sorted(bare_statuses.items()))}, "
             f"{bare_elapsed:.2f} s vs {elapsed:.2f} s",
    )]


if __name__ == "__main__":
    for figure in asyncio.run(run(sys.argv[1] if len(sys.argv) > 1 else "sqlite")):
        print(figure)
