"""Session-wide real infrastructure: the broker, PostgreSQL, SQLite; per-test namespaces."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest

from tests.support.apps import ServiceUnderTest, run_service
from tests.support.broker import Broker
from tests.support.databases import postgres_available, postgres_database, sqlite_url

DB_KINDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    running = Broker(log_path=tmp_path_factory.mktemp("broker") / "tansu.log")
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def postgres() -> None:
    """PostgreSQL must be there; under CI its absence fails the run instead of skipping."""
    with ThreadPoolExecutor(1) as pool:  # fixtures may already run inside an event loop
        problem = pool.submit(asyncio.run, postgres_available()).result()
    if problem is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required in CI and is unreachable: {problem}")
    pytest.skip(f"PostgreSQL unreachable: {problem}")


@pytest.fixture
def namespace() -> str:
    return f"t{uuid.uuid4().hex[:10]}."


@pytest.fixture(params=DB_KINDS)
def db_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


NewDatabase = Callable[[str], Awaitable[str]]


@pytest.fixture
async def new_database(
    db_kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[NewDatabase]:
    """Creates fresh, empty databases of the parametrised kind."""
    async with AsyncExitStack() as stack:
        if db_kind == "postgresql":
            request.getfixturevalue("postgres")

        async def create(name: str) -> str:
            if db_kind == "sqlite":
                return sqlite_url(tmp_path, f"{name}-{uuid.uuid4().hex[:6]}")
            return await stack.enter_async_context(postgres_database(name))

        yield create


StartService = Callable[..., Awaitable[ServiceUnderTest]]


@pytest.fixture
async def start_service(
    broker: Broker, namespace: str, new_database: NewDatabase
) -> AsyncIterator[StartService]:
    """`await start_service("inventory", **setting_overrides)` runs that service for the test."""
    async with AsyncExitStack() as stack:

        async def start(name: str, database_url: str | None = None, **overrides: Any) -> ServiceUnderTest:
            url = database_url or await new_database(name)
            return await stack.enter_async_context(
                run_service(name, url, broker.bootstrap, namespace, **overrides)
            )

        yield start
