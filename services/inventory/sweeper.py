"""The background sweeper that releases expired reservations."""

from __future__ import annotations

import asyncio
import logging

from services.inventory import reserving
from services.inventory.settings import Settings
from shared.errors import Conflict
from shared.runtime import Backbone, BackgroundTask

log = logging.getLogger(__name__)


async def release_expired(backbone: Backbone, batch: int) -> int:
    """Release up to `batch` expired reservations, each in its own transaction; how many were."""
    async with backbone.engine.connect() as connection:
        expired = await reserving.expired_ids(connection, batch)
    released = 0
    for reservation_id in expired:
        async with backbone.uow() as uow:
            try:
                await reserving.release(uow, reservation_id, status="expired")
            except Conflict:
                # Committed or released by checkout between the lookup and the lock: nothing to do.
                continue
            await uow.commit()
            released += 1
    if released:
        log.info("released %d expired reservations", released)
    return released


def expiry_sweeper(backbone: Backbone, settings: Settings) -> BackgroundTask:
    async def sweep_expired_reservations() -> None:
        while True:
            await release_expired(backbone, settings.reservation_sweep_batch)
            await asyncio.sleep(settings.reservation_sweep_seconds)

    return sweep_expired_reservations
