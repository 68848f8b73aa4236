"""Background sweepers: check timeouts, auto-launch at `starts_at`, auto-end at `ends_at`.

Every campaign is handled in its own transaction under its row lock, re-checking its state, so
several replicas sweeping at once never act twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.marketing import commands, readiness, repository
from services.marketing.domain import DomainError
from services.marketing.settings import Settings
from shared.runtime import Backbone, BackgroundTask
from shared.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sweeper:
    name: str
    find_due: Callable[[UnitOfWork, datetime], Awaitable[list[str]]]
    act: Callable[[UnitOfWork, str], Awaitable[None]]


def sweepers(settings: Settings) -> list[Sweeper]:
    timeout = settings.check_timeout_seconds
    batch = settings.schedule_batch_size

    async def find_timed_out(uow: UnitOfWork, now: datetime) -> list[str]:
        return await repository.due_for_check_timeout(uow, now - timedelta(seconds=timeout), batch)

    async def time_out(uow: UnitOfWork, campaign_id: str) -> None:
        await readiness.time_out_checks(uow, campaign_id, timeout)

    async def find_launches(uow: UnitOfWork, now: datetime) -> list[str]:
        return await repository.due_for_launch(uow, now, batch)

    async def auto_launch(uow: UnitOfWork, campaign_id: str) -> None:
        await commands.launch(uow, campaign_id, "marketing", None, automatic=True)

    async def find_ends(uow: UnitOfWork, now: datetime) -> list[str]:
        return await repository.due_for_end(uow, now, batch)

    async def auto_end(uow: UnitOfWork, campaign_id: str) -> None:
        await commands.finish(uow, campaign_id, "end", None, automatic=True)

    return [
        Sweeper("check_timeouts", find_timed_out, time_out),
        Sweeper("auto_launch", find_launches, auto_launch),
        Sweeper("auto_end", find_ends, auto_end),
    ]


def background_tasks(backbone: Backbone, settings: Settings) -> list[BackgroundTask]:
    def forever(sweeper: Sweeper) -> BackgroundTask:
        async def sweep_forever() -> None:
            while True:
                await asyncio.sleep(settings.schedule_interval_seconds)
                await sweep_once(backbone, sweeper)

        sweep_forever.__name__ = sweeper.name
        return sweep_forever

    return [forever(sweeper) for sweeper in sweepers(settings)]


async def sweep_once(backbone: Backbone, sweeper: Sweeper) -> None:
    async with backbone.uow() as uow:
        due = await sweeper.find_due(uow, datetime.now(UTC))
    for campaign_id in due:
        async with backbone.uow() as uow:
            try:
                await sweeper.act(uow, campaign_id)
            except DomainError as refusal:
                # Another replica or a person got there first; the campaign moved on.
                log.info("%s skipped campaign %s: %s", sweeper.name, campaign_id, refusal)
                continue
            await uow.commit()
