"""Queries of campaign checks: record, claim, finish, hand back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.engine import Row

from services.content.repository.clock import now
from services.content.tables import campaign_checks
from shared.uow import UnitOfWork


async def insert_campaign_check(
    uow: UnitOfWork, check_id: str, campaign_id: str, request_id: str, request: dict[str, Any],
    requested_at: datetime,
) -> bool:
    return await uow.insert_ignoring_duplicates(campaign_checks, {
        "id": check_id, "campaign_id": campaign_id, "request_id": request_id, "request": request,
        "status": "pending", "attempts": 0, "requested_at": requested_at,
    })


async def _supersede_campaign_checks(uow: UnitOfWork) -> None:
    """A pending check of a campaign that has a newer request is not run: it is superseded."""
    newer = campaign_checks.alias("newer")
    await uow.execute(
        update(campaign_checks)
        .where(campaign_checks.c.status == "pending")
        .where(exists().where(newer.c.campaign_id == campaign_checks.c.campaign_id,
                              newer.c.requested_at > campaign_checks.c.requested_at))
        .values(status="superseded", finished_at=now())
    )


async def claim_campaign_checks(uow: UnitOfWork, limit: int, stale_before: datetime) -> list[Row[Any]]:
    """Claim up to `limit` pending checks (or running ones whose claim is older than
    `stale_before`: their worker died); conditional updates, so a replica never takes one twice."""
    claimable = (campaign_checks.c.status == "pending") | (
        (campaign_checks.c.status == "running") & (campaign_checks.c.claimed_at < stale_before)
    )
    candidates = select(campaign_checks.c.id).where(claimable).order_by(campaign_checks.c.requested_at)
    found = list((await uow.execute(candidates.limit(limit))).scalars())
    if not found:
        return []  # nothing written: an idle poll takes no write lock
    await _supersede_campaign_checks(uow)
    claimed = []
    for check_id in found:
        result = await uow.execute(
            update(campaign_checks).where(campaign_checks.c.id == check_id, claimable)
            .values(status="running", claimed_at=now(), attempts=campaign_checks.c.attempts + 1)
        )
        if result.rowcount:
            claimed.append(check_id)
    if not claimed:
        return []
    query = (select(campaign_checks).where(campaign_checks.c.id.in_(claimed))
             .order_by(campaign_checks.c.requested_at))
    return list((await uow.execute(query)).all())


async def finish_campaign_check(uow: UnitOfWork, check_id: str, attempt: int, status: str) -> bool:
    """Mark this attempt of a check finished; False when another attempt has taken it over."""
    result = await uow.execute(
        update(campaign_checks)
        .where(campaign_checks.c.id == check_id, campaign_checks.c.status == "running",
               campaign_checks.c.attempts == attempt)
        .values(status=status, finished_at=now())
    )
    return bool(result.rowcount)


async def release_campaign_check(uow: UnitOfWork, check_id: str, attempt: int) -> None:
    """Hand an interrupted attempt back, so the next claim runs it at once."""
    await uow.execute(
        update(campaign_checks)
        .where(campaign_checks.c.id == check_id, campaign_checks.c.status == "running",
               campaign_checks.c.attempts == attempt)
        .values(status="pending", claimed_at=None)
    )
