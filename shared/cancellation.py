"""Telling a task that is being stopped from one that failed.

Cancelling a task in the middle of a database call can make the clean-up raise an ordinary error
(SQLAlchemy's PendingRollbackError on the interrupted connection) that replaces the
CancelledError. A retry loop that took it for a failure would keep the task alive after it was
told to stop, and shutdown would wait for it forever. Python counts the cancellation requests of
a task; retry loops ask that count before retrying."""

from __future__ import annotations

import asyncio


def stop_requested() -> bool:
    """True once the current task has been cancelled, whatever exception is now in flight."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


def is_failure(error: BaseException) -> bool:
    """An exception worth retrying: an ordinary error, in a task not being stopped."""
    return isinstance(error, Exception) and not stop_requested()


def raise_if_stopping(error: BaseException) -> None:
    """Turn an error raised while the task is being stopped back into the cancellation."""
    if stop_requested():
        raise asyncio.CancelledError() from error
