"""The four services as uvicorn processes on PostgreSQL, shared by the API fuzzing tests."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import pytest

from shared.migrate import SERVICES
from tests.support.broker import Broker
from tests.support.databases import postgres_database
from tests.support.processes import RunningStack, start_stack, stop_process


@pytest.fixture(scope="module")
async def stack(postgres: None, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RunningStack]:
    log_dir = tmp_path_factory.mktemp("fuzz-logs")
    broker = Broker(log_path=log_dir / "broker.log")
    broker.start()
    async with AsyncExitStack() as databases:
        urls = {name: await databases.enter_async_context(postgres_database(f"fuzz_{name}"))
                for name in SERVICES}
        running = await start_stack(urls, broker.bootstrap, f"f{uuid.uuid4().hex[:6]}.", log_dir)
        try:
            yield running
        finally:
            await running.close()
            for service in running.services.values():
                stop_process(service)
            broker.stop()
