"""The four services as uvicorn processes on PostgreSQL, with a broker the tests may kill."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
import pytest

from shared.migrate import SERVICES
from tests.support.broker import Broker
from tests.support.processes import RunningStack
from tests.support.stack import full_stack

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
    extra_env: dict[str, str]

    @property
    def database_urls(self) -> dict[str, str]:
        return self.running.database_urls

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
    extra_env = QUICK_RECOVERY | CRAWLER
    try:
        async with full_stack(log_dir, extra_env=extra_env, prefix="rel", broker=broker) as running:
            yield FaultyStack(running, broker, extra_env)
    finally:
        broker.stop()
