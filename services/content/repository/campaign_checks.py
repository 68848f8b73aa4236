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


async def claim_campaign_checks(uow: UnitOfWork, limit: int, stale_before: datetime) -> list[Row[Any]]:
    """Claim up to `limit` checks to run: pending ones, or running ones whose claim is older than
    `stale_before` (their worker died), each the newest request of its campaign; the older
    requests of those campaigns are superseded. Updates are conditional (and PostgreSQL skips rows
    another replica is claiming), so no two replicas run one check."""
    table = campaign_checks
    newer = table.alias("newer")
    has_newer = exists().where(newer.c.campaign_id == table.c.campaign_id,
                               newer.c.requested_at > table.c.requested_at)
    claimable = (table.c.status == "pending") | (
        (table.c.status == "running") & (table.c.claimed_at < stale_before)
    )
    candidates = (select(table.c.id, table.c.campaign_id).where(claimable, ~has_newer)
                  .order_by(table.c.requested_at).limit(limit))
    if uow.dialect == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    found = list((await uow.execute(candidates)).all())
    if not found:
        return []  # nothing written: an idle poll takes no write lock
    # Older requests of these campaigns are superseded, running ones too: their answer would be
    # ignored, so their workers stop (see `is_current`) and never answer.
    await uow.execute(
        update(table).where(table.c.campaign_id.in_({row.campaign_id for row in found}),
                            table.c.status.in_(("pending", "running")), has_newer)
        .values(status="superseded", finished_at=now())
    )
    claimed = []
    for row in found:
        result = await uow.execute(
            update(table).where(table.c.id == row.id, claimable)
            .values(status="running", claimed_at=now(), attempts=table.c.attempts + 1)
        )
        if result.rowcount:
            claimed.append(row.id)
    if not claimed:
        return []
    query = select(table).where(table.c.id.in_(claimed)).order_by(table.c.requested_at)
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


async def is_current(uow: UnitOfWork, check_id: str, attempt: int) -> bool:
    """True while this attempt of the check is the one running (not superseded nor taken over)."""
    query = select(campaign_checks.c.id).where(
        campaign_checks.c.id == check_id, campaign_checks.c.status == "running",
        campaign_checks.c.attempts == attempt)
    return (await uow.execute(query)).first() is not None
