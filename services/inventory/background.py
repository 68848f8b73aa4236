"""Periodic jobs of the inventory service: releasing expired reservations and looking for
delayed fulfilments."""

from __future__ import annotations

import logging
from datetime import timedelta

from services.inventory.service import delays, reservations
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


async def flag_delays(backbone: Backbone, stalled_after: timedelta, batch: int) -> int:
    """Flag the delays due of up to `batch` fulfilments, each in its own short transaction; how
    many delay reasons were new."""
    async with backbone.uow(read_only=True) as uow:
        candidates = await delays.candidates(uow, stalled_after, batch)
    raised = 0
    for fulfilment_id in candidates:
        async with backbone.uow() as uow:
            new = await delays.sweep_one(uow, fulfilment_id, stalled_after)
            await uow.commit()
            raised += new
    if raised:
        log.info("flagged %d new fulfilment delays", raised)
    return raised


def tasks(backbone: Backbone, settings: Settings) -> list[BackgroundTask]:
    async def release_expired_reservations() -> None:
        await release_expired(backbone, settings.reservation_sweep_batch)

    async def flag_delayed_fulfilments() -> None:
        await flag_delays(backbone, timedelta(hours=settings.stalled_scan_hours), settings.delay_sweep_batch)

    return [every(settings.reservation_sweep_seconds, release_expired_reservations,
                  name="release_expired_reservations"),
            every(settings.delay_sweep_seconds, flag_delayed_fulfilments, name="flag_delayed_fulfilments")]
