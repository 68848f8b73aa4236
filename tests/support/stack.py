"""The whole system, once for every suite that needs it: the broker, the demo web site, and the
four services (plus, when asked, the board) as separate uvicorn processes, each on its own
PostgreSQL database.

`full_stack(log_dir)` is the async context manager; the fixtures `site`, `system` (the four
services) and `board_system` (the four services and the board) wrap it for pytest. A conftest
makes them available by importing them.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import httpx
import pytest

from tests.support.broker import Broker, free_port, wait_for_port
from tests.support.databases import postgres_database
from tests.support.processes import BOARD, BUSINESS_SERVICES, ROOT, RunningStack, start_stack, stop_process

FAST_SETTINGS = {
    "MARKETING_CHECK_TIMEOUT_SECONDS": "60",
    "MARKETING_SCHEDULE_INTERVAL_SECONDS": "0.5",
    "CONTENT_ALLOW_PRIVATE_TARGETS": "true",
    "CONTENT_RECHECK_INTERVAL_SECONDS": "0",
    "INVENTORY_RESERVATION_SWEEP_SECONDS": "1",
    "INVENTORY_DELAY_SWEEP_SECONDS": "1",
    "BOARD_HEALTH_POLL_SECONDS": "1",
}


class DemoSite:
    """The demo shop site (`scripts.demo_site`) as its own process; `set(...)` breaks and fixes it."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scripts.demo_site", "--port", str(self.port)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    async def set(self, broken_pages: list[str] | None = None, broken_images: list[str] | None = None) -> None:
        changes = {k: v for k, v in {"broken_pages": broken_pages, "broken_images": broken_images}.items()
                   if v is not None}
        async with httpx.AsyncClient() as client:
            (await client.post(f"{self.url}/_control", json=changes)).raise_for_status()

    def stop(self) -> None:
        if self.process:
            self.process.kill()
            self.process.wait()


@asynccontextmanager
async def full_stack(
    log_dir: Path, *, board: bool = False, extra_env: dict[str, str] | None = None, prefix: str = "e2e",
    broker: Broker | None = None,
) -> AsyncIterator[RunningStack]:
    """Fresh databases and every service process, on a fresh broker unless one is given (a test
    that stops and starts it); all gone afterwards."""
    broker = broker or Broker(log_path=log_dir / "broker.log")
    if broker.process is None:
        broker.start()
    running: RunningStack | None = None
    try:
        async with AsyncExitStack() as databases:
            names = (*BUSINESS_SERVICES, BOARD) if board else BUSINESS_SERVICES
            urls = {name: await databases.enter_async_context(postgres_database(f"{prefix}_{name}"))
                    for name in names}
            try:
                running = await start_stack(urls, broker.bootstrap, f"{prefix}{uuid.uuid4().hex[:6]}.",
                                            log_dir, {**FAST_SETTINGS, **(extra_env or {})}, board=board)
                running.database_urls = urls
                yield running
            finally:
                if running is not None:
                    await running.close()
                    for service in running.services.values():
                        stop_process(service)
    finally:
        broker.stop()


@pytest.fixture(scope="module")
async def site() -> AsyncIterator[DemoSite]:
    demo = DemoSite()
    demo.start()
    yield demo
    demo.stop()


@pytest.fixture(scope="module")
async def system(postgres: None, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RunningStack]:
    """The four services, for stories told over their APIs."""
    async with full_stack(tmp_path_factory.mktemp("e2e-logs")) as running:
        yield running


@pytest.fixture(scope="module")
async def board_system(postgres: None, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RunningStack]:
    """The four services and the board, for the board's browser tests."""
    async with full_stack(tmp_path_factory.mktemp("board-logs"), board=True, prefix="brd") as running:
        yield running
