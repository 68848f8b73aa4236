"""Campaign readiness latency: launch request → final readiness, over 50 campaigns of 20 SKUs.

The four services run as separate uvicorn processes with the broker, on SQLite files or
PostgreSQL; the content checks fetch a local demo shop site (scripts/demo_site.py). Every SKU is
stocked and has a product page, so each check does its full work. Campaigns are launched one after
another and the readiness endpoint is polled every 5 ms. There is no baseline process: the target
is absolute.
Target (SPEC §10): p95 ≤ 400 ms. Run: `python -m bench.readiness [sqlite|postgres]`."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import AsyncExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import LABELS, Figure, fresh_database, percentile, running_broker
from shared.migrate import SERVICES
from tests.support.broker import free_port, wait_for_port
from tests.support.processes import RunningStack, start_stack, stop_process

CAMPAIGNS = 50
SKUS_PER_CAMPAIGN = 20
SKU_POOL = 100
POLL_SECONDS = 0.005
TARGET_P95_SECONDS = 0.4
STACK_SETTINGS = {
    "CONTENT_ALLOW_PRIVATE_TARGETS": "true", "CONTENT_RECHECK_INTERVAL_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
}


async def _ok(stack: RunningStack, service: str, method: str, path: str, role: str, **kwargs: Any) -> Any:
    response = await stack.call(service, method, path, role, **kwargs)
    if response.status_code >= 300:
        raise RuntimeError(f"{method} {path}: {response.status_code} {response.text}")
    return response.json() if response.content else None


async def _seed(stack: RunningStack, site: str, skus: list[str]) -> None:
    await _ok(stack, "inventory", "PUT", "/v1/warehouses/W1", "inventory",
              json={"name": "Berlin", "country": "DE"})
    for sku in skus:
        await _ok(stack, "inventory", "PUT", f"/v1/items/{sku}", "inventory", json={"name": sku})
        await _ok(stack, "inventory", "POST", "/v1/stock/movements", "inventory",
                  json={"sku": sku, "warehouse": "W1", "delta": 500, "reason": "receipt"})
        await _ok(stack, "content", "PUT", "/v1/pages", "content",
                  json={"url": f"{site}/products/{sku}", "kind": "product", "sku": sku, "title": sku})


async def _launch_and_wait(stack: RunningStack, site: str, number: int, skus: list[str]) -> tuple[float, str]:
    now = datetime.now(UTC)
    chosen = [skus[(number * 7 + offset) % len(skus)] for offset in range(SKUS_PER_CAMPAIGN)]
    campaign = await _ok(stack, "marketing", "POST", "/v1/campaigns", "marketing", json={
        "name": f"Bench {number}", "channels": ["web"], "starts_at": (now + timedelta(days=1)).isoformat(),
        "ends_at": (now + timedelta(days=8)).isoformat(), "landing_url": f"{site}/campaigns/bench-{number}",
        "items": [{"sku": sku, "expected_units": 20, "discount_pct": 10} for sku in chosen],
    })
    path = f"/v1/campaigns/{campaign['id']}"
    started = time.perf_counter()
    request = await _ok(stack, "marketing", "POST", f"{path}/launch-request", "marketing")
    while True:
        readiness = await _ok(stack, "marketing", "GET", f"{path}/readiness", "marketing")
        checks = readiness["checks"]
        if (readiness["request_id"] == request["request_id"] and checks["inventory"]["status"] != "pending"
                and checks["content"]["status"] != "pending"):
            return time.perf_counter() - started, str(readiness["readiness"])
        if time.perf_counter() - started > 60:
            raise TimeoutError(f"campaign {campaign['id']} not judged within 60 s")
        await asyncio.sleep(POLL_SECONDS)


@contextmanager
def demo_site() -> Iterator[str]:
    """The local demo shop site in its own process; yields its base URL."""
    port = free_port()
    site = subprocess.Popen([sys.executable, "-m", "scripts.demo_site", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        site.kill()
        site.wait()


async def run(backend: str, campaigns: int = CAMPAIGNS) -> list[Figure]:
    with demo_site() as site_url:
        async with running_broker() as broker, AsyncExitStack() as databases:
            urls = {name: await databases.enter_async_context(fresh_database(backend, f"{name}_ready"))
                    for name in SERVICES}
            with tempfile.TemporaryDirectory(prefix="bench-readiness-") as logs:
                stack = await start_stack(urls, broker.bootstrap, f"bench{uuid.uuid4().hex[:6]}.",
                                          Path(logs), STACK_SETTINGS)
                try:
                    skus = [f"RDY-{n:03d}" for n in range(SKU_POOL)]
                    await _seed(stack, site_url, skus)
                    await asyncio.sleep(2)  # content learns the SKUs from stock.changed events
                    results = [await _launch_and_wait(stack, site_url, n, skus) for n in range(campaigns)]
                finally:
                    await stack.close()
                    for service in stack.services.values():
                        stop_process(service)
    latencies = [seconds for seconds, _ in results]
    verdicts = sorted({verdict for _, verdict in results})
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    return [Figure(
        name=f"campaign readiness latency, {campaigns} campaigns x {SKUS_PER_CAMPAIGN} SKUs (p50 / p95)",
        database=LABELS[backend], ours=f"{p50 * 1000:,.0f} / {p95 * 1000:,.0f} ms", baseline="—",
        ratio=None, target=f"p95 ≤ {TARGET_P95_SECONDS * 1000:.0f} ms", met=p95 <= TARGET_P95_SECONDS,
        note=f"max {max(latencies) * 1000:,.0f} ms; verdicts {', '.join(verdicts)}",
    )]


if __name__ == "__main__":
    for figure in asyncio.run(run(sys.argv[1] if len(sys.argv) > 1 else "sqlite")):
        print(figure)
