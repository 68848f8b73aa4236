"""Support learns warehouses and SKUs from inventory's events: a return naming them right after
they were created waits until support has heard of them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import httpx

UNKNOWN_MARKERS = ("unknown_skus", "unknown_warehouse")


def refused_as_unknown(response: httpx.Response) -> bool:
    """A 422 because inventory's announcement of a SKU or warehouse has not reached support yet."""
    if response.status_code != 422:
        return False
    body = response.json()
    return any(marker in body for marker in UNKNOWN_MARKERS)


async def once_known(
    call: Callable[[], Awaitable[httpx.Response]], timeout: float = 30.0, interval: float = 0.2,
) -> httpx.Response:
    """Send `call` again while support refuses it for a SKU or warehouse it has not learned yet;
    any other answer (or the last refusal, at the timeout) is returned as it is."""
    deadline = time.monotonic() + timeout
    while True:
        response = await call()
        if not refused_as_unknown(response) or time.monotonic() > deadline:
            return response
        await asyncio.sleep(interval)
