"""Periodic job of the board: reading the backbone health of every service."""

from __future__ import annotations

from collections.abc import Callable

from services.board.service import health
from services.board.settings import Settings
from shared.periodic import BackgroundTask, every
from shared.uow import UnitOfWork


def health_poller(
    settings: Settings, new_uow: Callable[[], UnitOfWork], targets: list[health.Target],
) -> BackgroundTask:
    async def read_health() -> None:
        await health.poll(new_uow, targets)

    return every(settings.health_poll_seconds, read_health, name="health_poller", first_run_after=0.5)
