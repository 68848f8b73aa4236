"""The four services and the board as uvicorn processes on PostgreSQL, shared by the API fuzzing
tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.processes import RunningStack
from tests.support.stack import full_stack


@pytest.fixture(scope="module")
async def stack(postgres: None, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RunningStack]:
    async with full_stack(tmp_path_factory.mktemp("fuzz-logs"), prefix="fuzz", board=True) as running:
        yield running
