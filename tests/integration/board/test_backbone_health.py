"""The overview's backbone health panel: each service's /readyz and /metrics, read in the background."""

from __future__ import annotations

import re

from tests.integration.board.conftest import serve, sign_in
from tests.support.events import eventually

NOWHERE = "http://127.0.0.1:9"


def _row(page: str, service: str) -> str:
    found = re.search(rf'<tr data-service="{service}">(.*?)</tr>', page, re.S)
    assert found, f"no health row for {service}"
    return found.group(1)


async def test_the_overview_shows_each_services_health_and_says_unreachable(start_service):
    marketing = await start_service("marketing")
    async with serve(marketing.app) as marketing_url:
        board = await start_service("board", marketing_url=marketing_url, inventory_url=NOWHERE,
                                    support_url=NOWHERE, content_url=NOWHERE, health_poll_seconds=0.3)
        await sign_in(board.client, "dev-admin")

        async def read() -> None:
            page = (await board.client.get("/")).text
            for service in ("marketing", "board"):
                row = _row(page, service)
                assert ">ready<" in row and "<time" in row, row
            assert "unreachable" in _row(page, "inventory")

        await eventually(read, timeout=20)
