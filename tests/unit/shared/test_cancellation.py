"""Stopping a background task whose clean-up turns the cancellation into an ordinary error."""

import asyncio

from tenacity import AsyncRetrying, retry_if_exception, wait_fixed

from shared.cancellation import is_failure
from shared.runtime import supervise

# Liveness bound only: a task that ignores its cancellation would otherwise hang the test run.
STOPS_WITHIN = 5


class CleanupFailed(Exception):
    """What an interrupted database connection raises when it is closed (PendingRollbackError)."""


async def _stuck_until_cancelled(started: asyncio.Event) -> None:
    started.set()
    try:
        await asyncio.sleep(3600)
    finally:
        raise CleanupFailed


async def test_supervised_job_stops_when_its_cleanup_replaces_the_cancellation():
    started, runs = asyncio.Event(), []

    async def job() -> None:
        runs.append(1)
        await _stuck_until_cancelled(started)

    task = asyncio.create_task(supervise("job", job))
    await started.wait()
    task.cancel()
    await asyncio.wait({task}, timeout=STOPS_WITHIN)
    assert task.done(), "the job kept running after it was cancelled"
    assert task.cancelled()
    assert runs == [1]


async def test_retry_loop_does_not_retry_an_error_raised_while_stopping():
    started, attempts = asyncio.Event(), []

    async def retrying() -> None:
        async for attempt in AsyncRetrying(retry=retry_if_exception(is_failure), wait=wait_fixed(0.01)):
            with attempt:
                attempts.append(1)
                await _stuck_until_cancelled(started)

    task = asyncio.create_task(retrying())
    await started.wait()
    task.cancel()
    await asyncio.wait({task}, timeout=STOPS_WITHIN)
    assert task.done(), "the loop retried after it was cancelled"
    assert isinstance(task.exception(), CleanupFailed)
    assert attempts == [1]


async def test_ordinary_failures_are_retried():
    attempts = []

    async def flaky() -> str:
        async for attempt in AsyncRetrying(retry=retry_if_exception(is_failure), wait=wait_fixed(0.01)):
            with attempt:
                attempts.append(1)
                if len(attempts) < 3:
                    raise CleanupFailed
                return "done"
        raise AssertionError("unreachable")

    assert await flaky() == "done"
    assert len(attempts) == 3
