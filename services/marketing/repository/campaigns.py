"""Campaigns, their checks, advisories and timeline, and what the sweepers find due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, update

from services.marketing.domain import GUARDED, PRE_LAUNCH, Campaign, Item, Status
from services.marketing.tables import (
    campaign_advisories,
    campaign_checks,
    campaign_items,
    campaign_timeline,
    campaigns,
)
from shared import context
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class StoredCheck:
    """One team's answer (or its time-out) to a launch request, as stored."""

    status: str
    received_at: datetime
    payload: dict[str, Any] | None


async def load_campaign(uow: UnitOfWork, campaign_id: str, lock: bool = False) -> Campaign | None:
    """The campaign with its items; `lock` holds its row until the transaction ends (PostgreSQL)."""
    query = select(campaigns).where(campaigns.c.id == campaign_id)
    if lock and uow.dialect == "postgresql":
        query = query.with_for_update()
    row = (await uow.execute(query)).mappings().first()
    if row is None:
        return None
    items = (await uow.execute(
        select(campaign_items.c.sku, campaign_items.c.expected_units, campaign_items.c.discount_pct)
        .where(campaign_items.c.campaign_id == campaign_id).order_by(campaign_items.c.position)
    )).mappings().all()
    return Campaign(**{**row, "id": str(row["id"]), "status": Status(row["status"])},
                    items=[Item(**item) for item in items])


async def insert_campaign(uow: UnitOfWork, values: dict[str, Any], items: list[dict[str, Any]]) -> None:
    await uow.execute(insert(campaigns).values(**values))
    await replace_items(uow, values["id"], items)


async def replace_items(uow: UnitOfWork, campaign_id: str, items: list[dict[str, Any]]) -> None:
    await uow.execute(delete(campaign_items).where(campaign_items.c.campaign_id == campaign_id))
    await uow.execute(insert(campaign_items), [
        {"campaign_id": campaign_id, "position": position, **item} for position, item in enumerate(items)
    ])


async def update_campaign(uow: UnitOfWork, campaign: Campaign, **values: Any) -> None:
    """Store the changed columns and show them on `campaign` too."""
    await uow.execute(update(campaigns).where(campaigns.c.id == campaign.id).values(**values))
    for column, value in values.items():
        setattr(campaign, column, Status(value) if column == "status" else value)


async def append_timeline(
    uow: UnitOfWork, campaign_id: str, kind: str, source: str, summary: str, details: dict[str, Any],
    occurred_at: datetime | None = None,
) -> None:
    await uow.execute(insert(campaign_timeline).values(
        campaign_id=campaign_id, occurred_at=occurred_at or datetime.now(UTC), kind=kind, source=source,
        summary=summary, details=details, correlation_id=context.correlation_id.get(),
    ))


async def checks_of(uow: UnitOfWork, campaign_id: str, request_id: str) -> dict[str, StoredCheck]:
    rows = (await uow.execute(select(campaign_checks).where(
        campaign_checks.c.campaign_id == campaign_id, campaign_checks.c.request_id == request_id,
    ))).mappings().all()
    return {row["source"]: StoredCheck(row["status"], row["received_at"], row["payload"]) for row in rows}


async def save_check(
    uow: UnitOfWork, campaign_id: str, request_id: str, source: str, status: str,
    payload: dict[str, Any] | None,
) -> None:
    key = (campaign_checks.c.campaign_id == campaign_id, campaign_checks.c.request_id == request_id,
           campaign_checks.c.source == source)
    await uow.execute(delete(campaign_checks).where(*key))
    await uow.execute(insert(campaign_checks).values(
        campaign_id=campaign_id, request_id=request_id, source=source, status=status,
        received_at=datetime.now(UTC), payload=payload,
    ))



async def latest_advisory(uow: UnitOfWork, campaign_id: str) -> dict[str, Any] | None:
    row = (await uow.execute(
        select(campaign_advisories).where(campaign_advisories.c.campaign_id == campaign_id)
        .order_by(campaign_advisories.c.received_at.desc()).limit(1)
    )).mappings().first()
    return dict(row) if row else None


async def save_advisory(uow: UnitOfWork, values: dict[str, Any]) -> None:
    await uow.execute(delete(campaign_advisories).where(
        campaign_advisories.c.advisory_id == values["advisory_id"]
    ))
    await uow.execute(insert(campaign_advisories).values(**values))


async def list_campaigns(
    uow: UnitOfWork, status: str | None, limit: int, after: tuple[datetime, str] | None
) -> list[dict[str, Any]]:
    """Newest first, `limit + 1` rows, each with its item count."""
    item_count = (
        select(func.count()).select_from(campaign_items)
        .where(campaign_items.c.campaign_id == campaigns.c.id).scalar_subquery()
    )
    query = select(campaigns, item_count.label("item_count"))
    if status is not None:
        query = query.where(campaigns.c.status == status)
    if after is not None:
        created_at, last_id = after
        query = query.where(or_(
            campaigns.c.created_at < created_at,
            and_(campaigns.c.created_at == created_at, campaigns.c.id < last_id),
        ))
    query = query.order_by(campaigns.c.created_at.desc(), campaigns.c.id.desc()).limit(limit + 1)
    return [dict(row) for row in (await uow.execute(query)).mappings().all()]


async def timeline_of(uow: UnitOfWork, campaign_id: str, limit: int, after_id: int) -> list[dict[str, Any]]:
    rows = (await uow.execute(
        select(campaign_timeline)
        .where(campaign_timeline.c.campaign_id == campaign_id, campaign_timeline.c.id > after_id)
        .order_by(campaign_timeline.c.id).limit(limit + 1)
    )).mappings().all()
    return [dict(row) for row in rows]



async def due_for_check_timeout(uow: UnitOfWork, requested_before: datetime, limit: int) -> list[str]:
    """Campaigns still judged before launch whose current request is older than the timeout."""
    answered = (
        select(func.count()).select_from(campaign_checks).where(
            campaign_checks.c.campaign_id == campaigns.c.id,
            campaign_checks.c.request_id == campaigns.c.request_id,
        ).scalar_subquery()
    )
    rows = await uow.execute(
        select(campaigns.c.id).where(
            campaigns.c.status.in_([s.value for s in PRE_LAUNCH]),
            campaigns.c.requested_at < requested_before, answered < 2,
        ).order_by(campaigns.c.requested_at).limit(limit)
    )
    return [str(row.id) for row in rows]


async def due_for_launch(uow: UnitOfWork, now: datetime, limit: int) -> list[str]:
    """Scheduled campaigns, and ready or at-risk auto-launch ones, whose start has come."""
    auto_launch = and_(campaigns.c.auto_launch.is_(True),
                       campaigns.c.status.in_([Status.READY.value, Status.AT_RISK.value]))
    rows = await uow.execute(
        select(campaigns.c.id).where(
            or_(campaigns.c.status == Status.SCHEDULED.value, auto_launch),
            campaigns.c.starts_at <= now, campaigns.c.ends_at > now,
        ).order_by(campaigns.c.starts_at).limit(limit)
    )
    return [str(row.id) for row in rows]


async def due_for_end(uow: UnitOfWork, now: datetime, limit: int) -> list[str]:
    rows = await uow.execute(
        select(campaigns.c.id).where(
            campaigns.c.status.in_([s.value for s in (*GUARDED, Status.SCHEDULED)]),
            campaigns.c.ends_at <= now,
        ).order_by(campaigns.c.ends_at).limit(limit)
    )
    return [str(row.id) for row in rows]
