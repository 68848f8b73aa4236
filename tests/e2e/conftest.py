"""The whole system for end-to-end stories: broker, demo web site, and the four services as
separate uvicorn processes, each on its own PostgreSQL database."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import httpx
import pytest

from shared.migrate import SERVICES
from tests.support.broker import Broker, free_port, wait_for_port
from tests.support.databases import postgres_database
from tests.support.processes import RunningStack, start_stack, stop_process

FAST_SETTINGS = {
    "MARKETING_CHECK_TIMEOUT_SECONDS": "60",
    "MARKETING_SCHEDULE_INTERVAL_SECONDS": "0.5",
    "CONTENT_ALLOW_PRIVATE_TARGETS": "true",
    "CONTENT_RECHECK_INTERVAL_SECONDS": "0",
    "INVENTORY_RESERVATION_SWEEP_SECONDS": "1",
}


class DemoSite:
    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scripts.demo_site", "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
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


@pytest.fixture(scope="module")
async def site() -> AsyncIterator[DemoSite]:
    demo = DemoSite()
    demo.start()
    yield demo
    demo.stop()


@pytest.fixture(scope="module")
async def system(postgres, tmp_path_factory) -> AsyncIterator[RunningStack]:
    log_dir = tmp_path_factory.mktemp("e2e-logs")
    broker = Broker(log_path=log_dir / "broker.log")
    broker.start()
    async with AsyncExitStack() as databases:
        urls = {name: await databases.enter_async_context(postgres_database(f"e2e_{name}"))
                for name in SERVICES}
        running = await start_stack(urls, broker.bootstrap, f"e2e{uuid.uuid4().hex[:6]}.", log_dir,
                                    FAST_SETTINGS)
        try:
            yield running
        finally:
            await running.close()
            for service in running.services.values():
                stop_process(service)
            broker.stop()
