"""Periodic jobs of the inventory service: releasing expired reservations."""

from __future__ import annotations

import logging

from services.inventory.service import reservations
from services.inventory.settings import Settings
from shared.periodic import BackgroundTask, every
from shared.runtime import Backbone

log = logging.getLogger(__name__)


async def release_expired(backbone: Backbone, batch: int) -> int:
    """Release up to `batch` expired reservations, each in its own transaction; how many were."""
    async with backbone.uow(read_only=True) as uow:
        expired = await reservations.expired_ids(uow, batch)
    released = 0
    for reservation_id in expired:
        async with backbone.uow() as uow:
            if await reservations.expire(uow, reservation_id):
                await uow.commit()
                released += 1
    if released:
        log.info("released %d expired reservations", released)
    return released


def tasks(backbone: Backbone, settings: Settings) -> list[BackgroundTask]:
    async def release_expired_reservations() -> None:
        await release_expired(backbone, settings.reservation_sweep_batch)

    return [every(settings.reservation_sweep_seconds, release_expired_reservations,
                  name="release_expired_reservations")]
