"""The storefront's hot reads, `GET /v1/stock/{sku}` and `GET /v1/promotions?sku=`, against a bare
FastAPI app returning the same JSON shapes (no database, no middleware, no auth).

Each service runs under uvicorn with one worker on a fresh database (a SQLite file, the local
default, or PostgreSQL) seeded at 1x, 4x and 16x the base volume (1,000 SKUs, 2,000 stock rows,
100 live campaigns of 20 SKUs). One load generator process drives the service and then, back to
back, the bare app, in two alternating rounds (the best of each counts). Target (SPEC §10):
throughput at least 0.8x the bare app's, p99 at most 1.5x.
Run: `python -m bench.hot_reads [sqlite|postgres] [requests]`.
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI

from bench.common import LABELS, Figure, fresh_database, insert_rows
from bench.http_load import measure, uvicorn_server
from services.inventory import tables as inventory_tables
from services.marketing import tables as marketing_tables
from shared.migrate import upgrade

BASE_SKUS = 1000
SCALES = (1, 4, 16)
CONNECTIONS = 32
ROUNDS = 2
MIN_RATIO = 0.8
MAX_P99_RATIO = 1.5
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
    await insert_rows(url, [
        (inventory_tables.warehouses, [{"code": code, "name": code, "country": "DE"}
                                       for code in ("W1", "W2")]),
        (inventory_tables.items, [{"sku": sku, "name": sku, "low_stock_threshold": 10, "safety_stock": 0,
                                   "stock_state": "above"} for sku in skus(scale)]),
        (inventory_tables.stock_levels, [{"sku": sku, "warehouse": code, "on_hand": units, "reserved": 0}
                                         for sku in skus(scale) for code, units in (("W1", 40), ("W2", 20))]),
    ])


async def seed_marketing(url: str, scale: int) -> None:
    """Live campaigns of 20 SKUs, overlapping so each SKU is in two, plus as many ended ones."""
    all_skus = skus(scale)
    now = datetime.now(UTC)
    campaigns, items = [], []
    for number in range(len(all_skus) // 5):
        campaign_id = str(uuid.uuid4())
        campaigns.append({
            "id": campaign_id, "name": f"Campaign {number}", "status": "live" if number % 2 == 0 else "ended",
            "channels": ["web"], "starts_at": now - timedelta(days=1),
            "ends_at": now + timedelta(days=30 + number % 7), "landing_url": f"https://shop.example/c/{number}",
            "uplift": 2.0, "auto_launch": False, "auto_pause_on_stockout": False, "reasons": [],
            "forced": False, "created_at": now, "updated_at": now,
        })
        first = (number // 2) * 10
        items += [{"campaign_id": campaign_id, "sku": all_skus[(first + offset) % len(all_skus)],
                   "position": offset, "expected_units": None, "discount_pct": 15.0} for offset in range(20)]
    await insert_rows(url, [(marketing_tables.campaigns, campaigns),
                            (marketing_tables.campaign_items, items)])


def service_env(name: str, url: str) -> dict[str, str]:
    prefix = name.upper()
    return {f"{prefix}_DATABASE_URL": url, f"{prefix}_RUN_BACKGROUND_TASKS": "false",
            "LOG_LEVEL": "WARNING", "APP_ENV": "development", "API_KEYS": ""}


async def _prepare(stack: AsyncExitStack, backend: str, scale: int) -> dict[str, str]:
    urls = {}
    for name, seed in (("inventory", seed_inventory), ("marketing", seed_marketing)):
        url = await stack.enter_async_context(fresh_database(backend, f"{name}_x{scale}"))
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


async def _alternating(port: int, bare_port: int, paths: list[str], requests: int
                       ) -> tuple[dict[str, float], dict[str, float]]:
    """The service and the bare app in turn, ROUNDS times; the best round of each: other work on
    the machine slows one round or the other, and what it takes away is not either app's cost."""
    ours, bare = [], []
    for _ in range(ROUNDS):
        ours.append(await asyncio.to_thread(measure, port, paths, requests, CONNECTIONS))
        bare.append(await asyncio.to_thread(measure, bare_port, paths, requests, CONNECTIONS))
    return (max(ours, key=lambda r: r["requests_per_second"]),
            max(bare, key=lambda r: r["requests_per_second"]))


def figure(backend: str, route: str, scale: int, requests: int, ours: dict[str, float],
           bare: dict[str, float]) -> Figure:
    ratio = ours["requests_per_second"] / bare["requests_per_second"]
    p99_ratio = ours["p99_ms"] / bare["p99_ms"]
    return Figure(
        name=f"{route} req/s, {scale}x data ({BASE_SKUS * scale:,} SKUs)", database=LABELS[backend],
        ours=f"{ours['requests_per_second']:,.0f} (p99 {ours['p99_ms']} ms)",
        baseline=f"{bare['requests_per_second']:,.0f} (p99 {bare['p99_ms']} ms)",
        ratio=ratio, target=f"ratio ≥ {MIN_RATIO}, p99 ≤ {MAX_P99_RATIO}x",
        met=ratio >= MIN_RATIO and p99_ratio <= MAX_P99_RATIO,
        note=f"p99 {p99_ratio:.2f}x the baseline's; p50 {ours['p50_ms']} vs {bare['p50_ms']} ms; "
             f"{requests} requests over {CONNECTIONS} keep-alive connections, best of {ROUNDS} "
             "alternating rounds each",
    )


async def run(backend: str, requests: int = 6000, scales: tuple[int, ...] = SCALES) -> list[Figure]:
    figures = []
    with uvicorn_server("bench.hot_reads:bare_app", {}) as bare_port:
        for scale in scales:
            async with AsyncExitStack() as stack:
                urls = await _prepare(stack, backend, scale)
                for service, route, paths in _endpoints(scale):
                    target = f"services.{service}.main:create_app"
                    with uvicorn_server(target, service_env(service, urls[service])) as port:
                        ours, bare = await _alternating(port, bare_port, paths, requests)
                    figures.append(figure(backend, route, scale, requests, ours, bare))
    return figures


if __name__ == "__main__":
    chosen = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 6000
    for result in asyncio.run(run(chosen, count)):
        print(result)
