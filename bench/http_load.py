"""HTTP load for the hot-path benchmarks: a uvicorn server per app, one load generator process.

The generator speaks raw HTTP/1.1 over keep-alive connections, so it costs as little as possible
and costs the same for every server it drives.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AUTH = "Bearer dev-storefront"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def uvicorn_server(target: str, env: dict[str, str]) -> Iterator[int]:
    """Serve an app factory (`module:function`) with one uvicorn worker; yield its port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", target, "--port", str(port), "--workers", "1",
         "--log-level", "warning", "--no-access-log"],
        cwd=ROOT, env={**os.environ, **env},
    )
    try:
        _wait_until_up(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_up(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


async def _drive(port: int, paths: list[str], requests: int, connections: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    remaining = iter(range(requests))

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for n in remaining:
                started = time.perf_counter()
                writer.write(f"GET {paths[n % len(paths)]} HTTP/1.1\r\nHost: bench\r\n"
                             f"Authorization: {AUTH}\r\n\r\n".encode())
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


def _load(port: int, paths: list[str], requests: int, connections: int, results: Any) -> None:
    asyncio.run(_drive(port, paths, min(requests // 10, 1000), connections))  # warm-up
    elapsed, latencies = asyncio.run(_drive(port, paths, requests, connections))
    latencies.sort()
    results.put({
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
    })


def measure(port: int, paths: list[str], requests: int, connections: int) -> dict[str, float]:
    """Requests/s and latency percentiles of GETs over `paths`, from a separate process."""
    context = multiprocessing.get_context("spawn")
    results: Any = context.Queue()
    process = context.Process(target=_load, args=(port, paths, requests, connections, results))
    process.start()
    try:
        figures: dict[str, float] = results.get(timeout=180)
    finally:
        process.join(timeout=10)
    return figures
