"""The storefront's hot reads, `GET /v1/stock/{sku}` and `GET /v1/promotions?sku=`, against a bare
FastAPI app returning the same JSON shapes (no database, no middleware, no auth).

Each service runs under uvicorn with one worker on a fresh PostgreSQL database seeded at 1x, 4x
and 16x the base volume (1,000 SKUs, 2,000 stock rows, 100 live campaigns of 20 SKUs). One load
generator process drives the service and then, back to back, the bare app.
Run: `python -m bench.hot_reads [requests]`.
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from fastapi import FastAPI

from bench.common import Figure, asyncpg_dsn, fresh_postgres
from bench.http_load import measure, uvicorn_server
from shared.migrate import upgrade

BASE_SKUS = 1000
SCALES = (1, 4, 16)
CONNECTIONS = 32
STOCK_SAMPLE = {
    "sku": "BENCH-000001", "on_hand": 60, "reserved": 0, "available": 60, "status": "in_stock",
    "warehouses": [
        {"warehouse": "W1", "on_hand": 40, "reserved": 0, "available": 40},
        {"warehouse": "W2", "on_hand": 20, "reserved": 0, "available": 20},
    ],
}
PROMOTION_SAMPLE = {
    "campaign_id": "7b0c5a8e-8f8e-4a47-9b53-0f3d3c0f6d11", "name": "Campaign 1", "sku": "BENCH-000001",
    "discount_pct": 15.0, "starts_at": "2026-11-29T12:00:00Z", "ends_at": "2026-12-29T12:00:00Z",
    "landing_url": "https://shop.example/campaigns/1",
}


def bare_app() -> FastAPI:
    """The baseline: FastAPI with no database, no middleware, the same response shapes."""
    app = FastAPI()

    @app.get("/v1/stock/{sku}")
    async def stock(sku: str) -> dict[str, Any]:
        return {**STOCK_SAMPLE, "sku": sku}

    @app.get("/v1/promotions")
    async def promotions(sku: str) -> dict[str, Any]:
        return {"items": [{**PROMOTION_SAMPLE, "sku": sku}, {**PROMOTION_SAMPLE, "sku": sku}]}

    return app


def skus(scale: int) -> list[str]:
    return [f"BENCH-{n:06d}" for n in range(BASE_SKUS * scale)]


async def seed_inventory(url: str, scale: int) -> None:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.executemany("INSERT INTO warehouses (code, name, country) VALUES ($1, $1, 'DE')",
                                     [("W1",), ("W2",)])
        await connection.copy_records_to_table(
            "items", columns=["sku", "name", "low_stock_threshold", "safety_stock", "stock_state"],
            records=[(sku, sku, 10, 0, "above") for sku in skus(scale)],
        )
        await connection.copy_records_to_table(
            "stock_levels", columns=["sku", "warehouse", "on_hand", "reserved"],
            records=[(sku, code, units, 0)
                     for sku in skus(scale) for code, units in (("W1", 40), ("W2", 20))],
        )
        await connection.execute("ANALYZE")  # a live database has statistics; a fresh load has none
    finally:
        await connection.close()


async def seed_marketing(url: str, scale: int) -> None:
    """Live campaigns of 20 SKUs, overlapping so each SKU is in two, plus as many ended ones."""
    all_skus = skus(scale)
    now = datetime.now(UTC)
    campaigns, items = [], []
    for number in range(len(all_skus) // 5):
        campaign_id = str(uuid.uuid4())
        status = "live" if number % 2 == 0 else "ended"
        campaigns.append((
            campaign_id, f"Campaign {number}", status, json.dumps(["web"]), now - timedelta(days=1),
            now + timedelta(days=30 + number % 7), f"https://shop.example/c/{number}", 2.0,
            False, False, json.dumps([]), False, now, now,
        ))
        first = (number // 2) * 10
        items += [(campaign_id, all_skus[(first + offset) % len(all_skus)], offset, None, 15.0)
                  for offset in range(20)]
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.copy_records_to_table("campaigns", columns=[
            "id", "name", "status", "channels", "starts_at", "ends_at", "landing_url", "uplift",
            "auto_launch", "auto_pause_on_stockout", "reasons", "forced", "created_at", "updated_at",
        ], records=campaigns)
        await connection.copy_records_to_table("campaign_items", columns=[
            "campaign_id", "sku", "position", "expected_units", "discount_pct",
        ], records=items)
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


def service_env(name: str, url: str) -> dict[str, str]:
    prefix = name.upper()
    return {f"{prefix}_DATABASE_URL": url, f"{prefix}_RUN_BACKGROUND_TASKS": "false",
            "LOG_LEVEL": "WARNING", "APP_ENV": "development", "API_KEYS": ""}


async def _prepare(stack: AsyncExitStack, scale: int) -> dict[str, str]:
    urls = {}
    for name, seed in (("inventory", seed_inventory), ("marketing", seed_marketing)):
        url = await stack.enter_async_context(fresh_postgres(f"{name}_x{scale}"))
        await asyncio.to_thread(upgrade, name, url)
        await seed(url, scale)
        urls[name] = url
    return urls


def _endpoints(scale: int) -> list[tuple[str, str, list[str]]]:
    sample = skus(scale)[::7]
    return [
        ("inventory", "GET /v1/stock/{sku}", [f"/v1/stock/{sku}" for sku in sample]),
        ("marketing", "GET /v1/promotions?sku=", [f"/v1/promotions?sku={sku}" for sku in sample]),
    ]


async def run(requests: int = 6000, scales: tuple[int, ...] = SCALES) -> list[Figure]:
    figures = []
    with uvicorn_server("bench.hot_reads:bare_app", {}) as bare_port:
        for scale in scales:
            async with AsyncExitStack() as stack:
                urls = await _prepare(stack, scale)
                for service, route, paths in _endpoints(scale):
                    target = f"services.{service}.main:create_app"
                    with uvicorn_server(target, service_env(service, urls[service])) as port:
                        ours = await asyncio.to_thread(measure, port, paths, requests, CONNECTIONS)
                    bare = await asyncio.to_thread(measure, bare_port, paths, requests, CONNECTIONS)
                    ratio = ours["requests_per_second"] / bare["requests_per_second"]
                    figures.append(Figure(
                        name=f"{route} req/s, {scale}x data ({BASE_SKUS * scale:,} SKUs)",
                        ours=f"{ours['requests_per_second']:,.0f} (p99 {ours['p99_ms']} ms)",
                        baseline=f"{bare['requests_per_second']:,.0f} (p99 {bare['p99_ms']} ms)",
                        ratio=ratio, target="ratio ≥ 0.6", met=ratio >= 0.6,
                        note=f"p50 {ours['p50_ms']} vs {bare['p50_ms']} ms; {requests} requests over "
                             f"{CONNECTIONS} keep-alive connections",
                    ))
    return figures


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
    for figure in asyncio.run(run(count)):
        print(figure)
