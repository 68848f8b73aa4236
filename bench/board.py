"""The board's overview page: time to first byte of `GET /` for a signed-in person at 10x the demo.

The demo (scripts/demo) creates per run two warehouses, three products with their receipts, five
pages of which one breaks and is restored, one campaign of the three SKUs checked twice by
inventory and content, an advisory and a few storefront orders. The board's own database is seeded
with ten such runs (its read model rows and their activity feed), the board runs under uvicorn (one
worker, no background tasks), a person signs in through the form, and the overview is requested one
request after another. No baseline process: the target (SPEC §10) is absolute, p95 ≤ 150 ms.
Run: `python -m bench.board [sqlite|postgres] [requests]`.
"""

from __future__ import annotations

import asyncio
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from bench.common import LABELS, Figure, fresh_database, insert_rows, percentile
from bench.hot_reads import service_env
from bench.http_load import uvicorn_server
from services.board import tables
from shared.migrate import upgrade
from tests.integration.board.conftest import csrf_token

DEMO_RUNS = 10
WAREHOUSES = ("BER-1", "HAM-1")
PRODUCTS = ("TRAIL-SHOE", "RAIN-JACKET", "WATER-BOTTLE")
FEED_EVENTS_PER_RUN = 40
TARGET_P95_SECONDS = 0.15


def _run_rows(number: int, now: datetime) -> dict[str, list[dict[str, Any]]]:
    """The board's rows after one demo run (run id `number`)."""
    run = f"R{number:02d}"
    skus = [f"{product}-{run}" for product in PRODUCTS]
    campaign_id = str(uuid.uuid4())
    starts = now - timedelta(hours=number)
    site = "http://127.0.0.1:8100"
    checks = [
        {"campaign_id": campaign_id, "team": "inventory", "request_id": "req-2", "overall": "insufficient",
         "checked_at": now, "result": {"items": [
             {"sku": sku, "expected_units": 80, "estimated": False, "available": units, "safety_stock": 5,
              "competing_units": 0, "coverage": units / 80, "status": "ok" if units >= 80 else "insufficient"}
             for sku, units in zip(skus, (200, 150, 25), strict=True)]}},
        {"campaign_id": campaign_id, "team": "content", "request_id": "req-2", "overall": "ok",
         "checked_at": now, "result": {
             "pages": [{"url": f"{site}/products/{sku}", "health": "ok"} for sku in skus],
             "missing_product_pages": []}},
    ]
    return {
        "campaigns": [{
            "campaign_id": campaign_id, "name": f"Spring running week {run}",
            "channels": ["email", "social", "web"], "starts_at": starts,
            "ends_at": starts + timedelta(days=7), "landing_url": f"{site}/campaigns/{run}",
            "items": [{"sku": sku, "expected_units": 80, "discount_pct": 20} for sku in skus],
            "request_id": "req-2", "status": "live", "readiness": "at_risk", "reasons": ["stock_low"],
            "forced": number % 2 == 1, "updated_at": now,
        }],
        "campaign_checks": checks,
        "sku_stock": [{"sku": sku, "total_available": units, "threshold": 10,
                       "state": "low" if units <= 10 else "ok", "updated_at": now}
                      for sku, units in zip(skus, (200, 150, 7), strict=True)],
        "stock_points": [{"sku": sku, "warehouse": warehouse, "total_available": 200 - 10 * step,
                          "occurred_at": now - timedelta(minutes=step)}
                         for sku in skus for warehouse in WAREHOUSES for step in range(4)],
        "pages": [{"page_id": f"page-{run}-{n}", "url": f"{site}/p/{run}/{n}", "kind": "product",
                   "sku": skus[n % 3], "broken": n == 1,
                   "issues": [{"code": "broken_image", "url": f"{site}/img/{n}.png"}] if n == 1 else [],
                   "updated_at": now - timedelta(minutes=n)} for n in range(5)],
        "advisories": [{"advisory_id": f"adv-{run}", "kind": "campaign", "severity": "warning",
                        "title": f"Spring running week {run}: water bottles run short",
                        "campaign_id": campaign_id, "skus": skus[2:],
                        "published_at": now - timedelta(minutes=number)}],
        "fulfilments": [{"fulfilment_id": f"ful-{run}-{n}", "order_ref": f"ORD-{run}-{n}",
                         "warehouse": "HAM-1", "status": "awaiting_pick", "carrier": None,
                         "tracking_url": None, "delayed": n == 0,
                         "delay_reason": "carrier late" if n == 0 else None,
                         "delayed_since": now if n == 0 else None, "updated_at": now} for n in range(3)],
        "feed": [{"event_id": f"evt-{run}-{n}", "event_type": "inventory.stock.changed.v1",
                  "source": "inventory", "subject": skus[n % 3], "occurred_at": now - timedelta(seconds=n),
                  "correlation_id": run, "summary": f"{skus[n % 3]}: available {200 - n}",
                  "campaign_id": campaign_id, "sku": skus[n % 3]}
                 for n in range(FEED_EVENTS_PER_RUN)],
    }


async def seed(url: str) -> None:
    now = datetime.now(UTC)
    merged: dict[str, list[dict[str, Any]]] = {}
    for number in range(DEMO_RUNS):
        for table, rows in _run_rows(number, now).items():
            merged.setdefault(table, []).extend(rows)
    warehouses = [{"code": code, "name": code, "country": "DE"} for code in WAREHOUSES]
    await insert_rows(url, [(tables.warehouses, warehouses),
                            *((tables.metadata.tables[name], rows) for name, rows in merged.items())])


async def _ttfb(port: int, requests: int) -> list[float]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        form = await client.get("/login")
        await client.post("/login", data={"api_key": "dev-storefront", "csrf_token": csrf_token(form.text)})
        overview = await client.get("/")
        if overview.status_code != 200 or overview.text.count("data-campaign-id") < DEMO_RUNS:
            raise RuntimeError(f"the signed-in overview does not list the campaigns: {overview.status_code}")
        latencies = []
        for number in range(requests + requests // 10):
            started = time.perf_counter()
            async with client.stream("GET", "/") as response:
                first_byte = time.perf_counter() - started
                await response.aread()
                response.raise_for_status()
            if number >= requests // 10:  # the first tenth warms up
                latencies.append(first_byte)
    return latencies


async def run(backend: str, requests: int = 300) -> list[Figure]:
    async with fresh_database(backend, "board_overview") as url:
        await asyncio.to_thread(upgrade, "board", url)
        await seed(url)
        with uvicorn_server("services.board.main:create_app", service_env("board", url)) as port:
            latencies = await _ttfb(port, requests)
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    return [Figure(
        name=f"board overview TTFB at {DEMO_RUNS}x the demo's data (p50 / p95)", database=LABELS[backend],
        ours=f"{p50 * 1000:,.1f} / {p95 * 1000:,.1f} ms", baseline="—", ratio=None,
        target=f"p95 ≤ {TARGET_P95_SECONDS * 1000:.0f} ms", met=p95 <= TARGET_P95_SECONDS,
        note=f"{requests} sequential signed-in requests of GET /; max {max(latencies) * 1000:,.1f} ms",
    )]


if __name__ == "__main__":
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    for figure in asyncio.run(run(sys.argv[1] if len(sys.argv) > 1 else "sqlite", count)):
        print(figure)
