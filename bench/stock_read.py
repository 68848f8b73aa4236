"""Benchmark `GET /v1/stock/{sku}` against a bare FastAPI endpoint returning the same JSON shape.

Both run under uvicorn with one worker; the inventory app on a fresh PostgreSQL database seeded
with stock. One load generator, in its own process, drives both with the same number of
keep-alive connections and requests, and reports requests/s and latency percentiles.

Usage: python -m bench.stock_read [requests] [connections]
Admin database URL: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
from fastapi import FastAPI

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
SKUS = [f"BENCH-{n:04d}" for n in range(1000)]
AUTH = "Bearer dev-storefront"
SAMPLE = {
    "sku": "BENCH-0001", "on_hand": 60, "reserved": 3, "available": 57, "status": "in_stock",
    "warehouses": [
        {"warehouse": "W1", "on_hand": 40, "reserved": 3, "available": 37},
        {"warehouse": "W2", "on_hand": 20, "reserved": 0, "available": 20},
    ],
}


def bare_app() -> FastAPI:
    """The baseline: FastAPI with no database, no middleware, the same response shape."""
    app = FastAPI()

    @app.get("/v1/stock/{sku}")
    async def stock(sku: str) -> dict[str, Any]:
        return {**SAMPLE, "sku": sku}

    return app


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def _uvicorn(target: str, env: dict[str, str]) -> Iterator[int]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", target, "--port", str(port), "--workers", "1",
         "--log-level", "warning", "--no-access-log"],
        cwd=ROOT, env={**os.environ, **env},
    )
    try:
        _wait_until_up(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


async def _seed(url: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.executemany(
            "INSERT INTO warehouses (code, name, country) VALUES ($1, $2, 'DE')",
            [("W1", "Berlin"), ("W2", "Hamburg")],
        )
        await connection.executemany(
            "INSERT INTO items (sku, name, low_stock_threshold, safety_stock, stock_state) "
            "VALUES ($1, $1, 10, 0, 'above')", [(sku,) for sku in SKUS],
        )
        await connection.executemany(
            "INSERT INTO stock_levels (sku, warehouse, on_hand, reserved) VALUES ($1, $2, $3, $4)",
            [(sku, code, units, 0) for sku in SKUS for code, units in (("W1", 40), ("W2", 20))],
        )
    finally:
        await connection.close()


async def _drive(port: int, requests: int, connections: int) -> tuple[float, list[float]]:
    """Raw HTTP/1.1 keep-alive GETs, so the generator costs as little as possible."""
    latencies: list[float] = []
    remaining = iter(range(requests))

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for n in remaining:
                sku = SKUS[n % len(SKUS)]
                started = time.perf_counter()
                writer.write(f"GET /v1/stock/{sku} HTTP/1.1\r\nHost: bench\r\nAuthorization: {AUTH}"
                             "\r\n\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                if not head.startswith(b"HTTP/1.1 200"):
                    raise RuntimeError(head.decode(errors="replace"))
                length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length:"))
                await reader.readexactly(length)
                latencies.append(time.perf_counter() - started)
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    return time.perf_counter() - started, latencies


def _load(port: int, requests: int, connections: int, results: Any) -> None:
    asyncio.run(_drive(port, min(requests // 10, 1000), connections))  # warm-up
    elapsed, latencies = asyncio.run(_drive(port, requests, connections))
    latencies.sort()
    results.put({
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
    })


def _measure(port: int, requests: int, connections: int) -> dict[str, float]:
    """Run the load generator in a separate process so it does not share the server's loop."""
    results: Any = multiprocessing.get_context("spawn").Queue()
    process = multiprocessing.get_context("spawn").Process(
        target=_load, args=(port, requests, connections, results)
    )
    process.start()
    figures: dict[str, float] = results.get(timeout=120)
    process.join()
    return figures


async def _create_database() -> str:
    name = f"bench_inventory_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN_URL)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


async def _drop_database(url: str) -> None:
    admin = await asyncpg.connect(ADMIN_URL)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        await admin.close()


def main(requests: int = 10_000, connections: int = 32) -> dict[str, Any]:
    """Measure both endpoints and return the figures."""
    from shared.migrate import upgrade

    url = asyncio.run(_create_database())
    try:
        sqlalchemy_url = url.replace("postgresql://", "postgresql+asyncpg://", 1)
        upgrade("inventory", sqlalchemy_url)
        asyncio.run(_seed(url))
        env = {"INVENTORY_DATABASE_URL": sqlalchemy_url, "INVENTORY_RUN_BACKGROUND_TASKS": "false",
               "LOG_LEVEL": "WARNING", "APP_ENV": "development", "API_KEYS": ""}
        with _uvicorn("services.inventory.main:create_app", env) as port:
            inventory = _measure(port, requests, connections)
        with _uvicorn("bench.stock_read:bare_app", {}) as port:
            bare = _measure(port, requests, connections)
    finally:
        asyncio.run(_drop_database(url))
    ratio = round(inventory["requests_per_second"] / bare["requests_per_second"], 3)
    return {"benchmark": "stock_read", "requests": requests, "connections": connections,
            "inventory": inventory, "bare_fastapi": bare, "ratio": ratio, "target_ratio": 0.6}


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:3]]
    figures = main(*arguments)
    print(f"{'endpoint':<16}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    for name in ("inventory", "bare_fastapi"):
        row = figures[name]
        print(f"{name:<16}{row['requests_per_second']:>10}{row['p50_ms']:>10}{row['p99_ms']:>10}")
    print(f"ratio {figures['ratio']} (target >= {figures['target_ratio']})")
    print(json.dumps(figures))
