from collections.abc import AsyncIterator

import pytest

from tests.support.site import LocalSite, serve_site


@pytest.fixture(scope="session")
async def site() -> AsyncIterator[LocalSite]:
    async with serve_site() as running:
        yield running
