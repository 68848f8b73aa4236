"""The live stream: tell open pages when the read model changed."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable

from services.board.service import views
from services.board.service.projection import LIVE_SIGNAL
from shared.uow import Signals, UnitOfWork

CHECK_SECONDS = 0.5
HEARTBEAT_SECONDS = 15.0


async def changes(
    new_read_uow: Callable[[], UnitOfWork], signals: Signals, last_seen: int | None,
    disconnected: Callable[[], Awaitable[bool]],
) -> AsyncIterator[str]:
    """SSE frames: `change` whenever the feed grew past what the page has seen, and heartbeats."""
    seen = last_seen
    last_sent = time.monotonic()
    yield "retry: 2000\n\n"
    while not await disconnected():
        async with new_read_uow() as uow:
            current = await views.latest_change(uow)
        if seen is None:
            seen = current  # a fresh page is up to date with what it rendered
        elif current > seen:
            seen = current
            last_sent = time.monotonic()
            yield f"id: {current}\nevent: change\ndata: {json.dumps({'seq': current})}\n\n"
        if time.monotonic() - last_sent >= HEARTBEAT_SECONDS:
            last_sent = time.monotonic()
            yield ": heartbeat\n\n"
        await signals.wait(LIVE_SIGNAL, CHECK_SECONDS)
