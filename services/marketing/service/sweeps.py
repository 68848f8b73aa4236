"""What the background sweepers look for and do: check timeouts, going live at the start (scheduled
and auto-launch campaigns), ending at the end."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.marketing import repository
from services.marketing.service import lifecycle, readiness
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class Sweeper:
    """`find_due` lists the campaigns to look at; `act` handles one, re-checking its state."""

    name: str
    find_due: Callable[[UnitOfWork, datetime], Awaitable[list[str]]]
    act: Callable[[UnitOfWork, str], Awaitable[None]]


def sweepers(check_timeout_seconds: float, batch_size: int) -> list[Sweeper]:
    async def find_timed_out(uow: UnitOfWork, now: datetime) -> list[str]:
        requested_before = now - timedelta(seconds=check_timeout_seconds)
        return await repository.due_for_check_timeout(uow, requested_before, batch_size)

    async def time_out(uow: UnitOfWork, campaign_id: str) -> None:
        await readiness.time_out_checks(uow, campaign_id, check_timeout_seconds)

    async def find_launches(uow: UnitOfWork, now: datetime) -> list[str]:
        return await repository.due_for_launch(uow, now, batch_size)

    async def start(uow: UnitOfWork, campaign_id: str) -> None:
        await lifecycle.start(uow, campaign_id)

    async def find_ends(uow: UnitOfWork, now: datetime) -> list[str]:
        return await repository.due_for_end(uow, now, batch_size)

    async def auto_end(uow: UnitOfWork, campaign_id: str) -> None:
        await lifecycle.finish(uow, campaign_id, "end", None, automatic=True)

    return [
        Sweeper("check_timeouts", find_timed_out, time_out),
        Sweeper("auto_launch", find_launches, start),
        Sweeper("auto_end", find_ends, auto_end),
    ]
