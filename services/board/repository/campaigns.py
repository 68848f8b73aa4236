"""Campaigns as the marketing topic tells them, and the checks that answered them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, select, update

from services.board.domain import CLOSED_STATUSES
from services.board.repository.rows import CampaignRow, CheckRow
from services.board.tables import campaign_checks, campaigns
from shared.uow import UnitOfWork


async def get(uow: UnitOfWork, campaign_id: str) -> CampaignRow | None:
    row = (await uow.execute(select(campaigns).where(campaigns.c.campaign_id == campaign_id))).first()
    return None if row is None else _campaign(row)


async def upsert(uow: UnitOfWork, campaign_id: str, values: dict[str, Any], now: datetime) -> None:
    """Create the campaign with these values, or change them on the one there."""
    changed = await uow.execute(
        update(campaigns).where(campaigns.c.campaign_id == campaign_id).values(**values, updated_at=now)
    )
    if changed.rowcount:
        return
    defaults: dict[str, Any] = {
        "name": campaign_id, "channels": [], "starts_at": now, "ends_at": now, "landing_url": None,
        "items": [], "request_id": None, "status": "unknown", "readiness": "checking", "reasons": [],
        "forced": False,
    }
    await uow.insert_ignoring_duplicates(
        campaigns, {**defaults, **values, "campaign_id": campaign_id, "updated_at": now}
    )


async def open_campaigns(uow: UnitOfWork, limit: int) -> list[CampaignRow]:
    """Upcoming and live campaigns (not ended nor cancelled), soonest first."""
    rows = (await uow.execute(
        select(campaigns).where(campaigns.c.status.not_in(sorted(CLOSED_STATUSES)))
        .order_by(campaigns.c.starts_at, campaigns.c.campaign_id).limit(limit)
    )).all()
    return [_campaign(row) for row in rows]


async def in_window(uow: UnitOfWork, start: datetime, end: datetime, limit: int) -> list[CampaignRow]:
    rows = (await uow.execute(
        select(campaigns).where(campaigns.c.starts_at < end, campaigns.c.ends_at > start,
                                campaigns.c.status != "cancelled")
        .order_by(campaigns.c.starts_at).limit(limit)
    )).all()
    return [_campaign(row) for row in rows]


async def record_check(uow: UnitOfWork, campaign_id: str, team: str, values: dict[str, Any]) -> None:
    changed = await uow.execute(
        update(campaign_checks)
        .where(campaign_checks.c.campaign_id == campaign_id, campaign_checks.c.team == team).values(**values)
    )
    if not changed.rowcount:
        await uow.insert_ignoring_duplicates(
            campaign_checks, {**values, "campaign_id": campaign_id, "team": team}
        )


async def checks(uow: UnitOfWork, campaign_id: str) -> dict[str, CheckRow]:
    rows = (await uow.execute(
        select(campaign_checks).where(campaign_checks.c.campaign_id == campaign_id)
    )).all()
    return {row.team: CheckRow(row.team, row.request_id, row.overall, row.result, row.checked_at)
            for row in rows}


def _campaign(row: Row[tuple[object, ...]]) -> CampaignRow:
    return CampaignRow(
        campaign_id=row.campaign_id, name=row.name, channels=list(row.channels), starts_at=row.starts_at,
        ends_at=row.ends_at, landing_url=row.landing_url, items=list(row.items), request_id=row.request_id,
        status=row.status, readiness=row.readiness, reasons=list(row.reasons), forced=bool(row.forced),
    )
