"""Background sweepers: check timeouts, auto-launch at `starts_at`, auto-end at `ends_at`.

Every campaign is handled in its own transaction under its row lock, re-checking its state, so
several replicas sweeping at once never act twice.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from services.marketing import service
from services.marketing.settings import Settings
from shared.errors import Conflict
from shared.periodic import every
from shared.runtime import Backbone, BackgroundTask

log = logging.getLogger(__name__)


def tasks(backbone: Backbone, settings: Settings) -> list[BackgroundTask]:
    interval = settings.schedule_interval_seconds
    sweepers = service.sweepers(settings.check_timeout_seconds, settings.schedule_batch_size)
    return [
        every(interval, _sweep_with(backbone, sweeper), name=sweeper.name, first_run_after=interval)
        for sweeper in sweepers
    ]


def _sweep_with(backbone: Backbone, sweeper: service.Sweeper) -> BackgroundTask:
    async def sweep() -> None:
        await sweep_once(backbone, sweeper)

    return sweep


async def sweep_once(backbone: Backbone, sweeper: service.Sweeper) -> None:
    async with backbone.uow(read_only=True) as uow:
        due = await sweeper.find_due(uow, datetime.now(UTC))
    for campaign_id in due:
        async with backbone.uow() as uow:
            try:
                await sweeper.act(uow, campaign_id)
            except Conflict as refusal:
                # Another replica or a person got there first; the campaign moved on.
                log.info("%s skipped campaign %s: %s", sweeper.name, campaign_id, refusal)
                continue
            await uow.commit()
