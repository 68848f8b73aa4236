from collections.abc import AsyncIterator

import pytest

from tests.integration.backbone.probe_service import (
    ProbeService,
    create_schema,
    probe_settings,
    run_probe,
)


@pytest.fixture
async def probe_url(new_database) -> str:
    url = await new_database("probe")
    await create_schema(url)
    return url


@pytest.fixture
async def probe(probe_url, broker, namespace) -> AsyncIterator[ProbeService]:
    async with run_probe(probe_settings(probe_url, broker.bootstrap, namespace)) as service:
        yield service
