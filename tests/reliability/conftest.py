"""The four services as uvicorn processes on PostgreSQL, with a broker the tests may kill."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass

import asyncpg
import pytest

from shared.migrate import SERVICES
from tests.support.broker import Broker
from tests.support.databases import postgres_database
from tests.support.processes import RunningStack, start_stack, stop_process

QUICK_RECOVERY = {
    f"{name.upper()}_{setting}": value
    for name in SERVICES
    for setting, value in (("RELAY_MAX_BACKOFF_SECONDS", "1"), ("CONSUMER_MAX_BACKOFF_SECONDS", "1"),
                           ("CONSUMER_RETRY_BASE_SECONDS", "0.05"))
}
# The test site runs on 127.0.0.1, and a test holds a page request open on purpose: the fetch
# must not give up before the test does.
CRAWLER = {"CONTENT_ALLOW_PRIVATE_TARGETS": "true", "CONTENT_FETCH_TIMEOUT_SECONDS": "60"}


@dataclass
class FaultyStack:
    running: RunningStack
    broker: Broker
    database_urls: dict[str, str]
    extra_env: dict[str, str]

    async def query(self, service: str, sql: str, *args: object) -> list[asyncpg.Record]:
        dsn = self.database_urls[service].replace("postgresql+asyncpg://", "postgresql://")
        connection = await asyncpg.connect(dsn)
        try:
            return list(await connection.fetch(sql, *args))
        finally:
            await connection.close()


@pytest.fixture(scope="package")
async def faulty_stack(
    postgres: None, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[FaultyStack]:
    log_dir = tmp_path_factory.mktemp("reliability-logs")
    broker = Broker(log_path=log_dir / "broker.log")
    broker.start()
    async with AsyncExitStack() as databases:
        urls = {name: await databases.enter_async_context(postgres_database(f"rel_{name}"))
                for name in SERVICES}
        extra_env = QUICK_RECOVERY | CRAWLER
        running = await start_stack(urls, broker.bootstrap, f"rel{uuid.uuid4().hex[:6]}.", log_dir, extra_env)
        try:
            yield FaultyStack(running, broker, urls, extra_env)
        finally:
            await running.close()
            for service in running.services.values():
                stop_process(service)
            broker.stop()
