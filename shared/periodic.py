"""The one way a service runs a periodic job: `every(interval, job)`.

A job that raises is not retried here: it ends the task, and the backbone's supervisor (the one
retry policy for background work) logs it and starts it again after a backoff."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

BackgroundTask = Callable[[], Awaitable[None]]


def every(
    interval_seconds: float, job: Callable[[], Awaitable[object]], *, name: str,
    first_run_after: float = 0.0,
) -> BackgroundTask:
    """A background task running `job` now (or after `first_run_after`), then each interval."""

    async def run_periodically() -> None:
        if first_run_after > 0:
            await asyncio.sleep(first_run_after)
        while True:
            await job()
            await asyncio.sleep(interval_seconds)

    run_periodically.__name__ = name
    run_periodically.__qualname__ = name
    return run_periodically
