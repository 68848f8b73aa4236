"""Queries of the marketing service; they run inside a unit of work and never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, update

from services.marketing.domain import GUARDED, PRE_LAUNCH, Campaign, Item, Risk, Status, broken_page_risk
from services.marketing.tables import (
    broken_pages,
    campaign_advisories,
    campaign_checks,
    campaign_items,
    campaign_risks,
    campaign_timeline,
    campaigns,
    depleted_skus,
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


async def risks_of(uow: UnitOfWork, campaign_id: str) -> list[Risk]:
    rows = (await uow.execute(
        select(campaign_risks.c.cause, campaign_risks.c.cause_key, campaign_risks.c.sku,
               campaign_risks.c.reason).where(campaign_risks.c.campaign_id == campaign_id)
        .order_by(campaign_risks.c.raised_at, campaign_risks.c.cause_key)
    )).mappings().all()
    return [Risk(**row) for row in rows]


async def add_risk(uow: UnitOfWork, campaign_id: str, risk: Risk) -> bool:
    return await uow.insert_ignoring_duplicates(campaign_risks, {
        "campaign_id": campaign_id, "cause": risk.cause, "cause_key": risk.cause_key, "sku": risk.sku,
        "reason": risk.reason, "raised_at": datetime.now(UTC),
    })


async def remove_risk(uow: UnitOfWork, campaign_id: str, cause: str, cause_key: str) -> bool:
    result = await uow.execute(delete(campaign_risks).where(
        campaign_risks.c.campaign_id == campaign_id, campaign_risks.c.cause == cause,
        campaign_risks.c.cause_key == cause_key,
    ))
    return bool(result.rowcount)


async def clear_risks(uow: UnitOfWork, campaign_id: str) -> None:
    await uow.execute(delete(campaign_risks).where(campaign_risks.c.campaign_id == campaign_id))


async def campaigns_with_sku(uow: UnitOfWork, sku: str, statuses: frozenset[Status]) -> list[str]:
    rows = await uow.execute(
        select(campaigns.c.id).join(campaign_items, campaign_items.c.campaign_id == campaigns.c.id)
        .where(campaign_items.c.sku == sku, campaigns.c.status.in_([s.value for s in statuses]))
        .order_by(campaigns.c.id)
    )
    return [str(row.id) for row in rows]


async def campaigns_for_page(
    uow: UnitOfWork, url: str, kind: str, sku: str | None, statuses: frozenset[Status]
) -> list[str]:
    """Campaigns whose landing page this is, or with this product page's SKU."""
    concerns = campaigns.c.landing_url == url
    if kind == "product" and sku is not None:
        has_sku = select(campaign_items.c.campaign_id).where(campaign_items.c.sku == sku)
        concerns = or_(concerns, campaigns.c.id.in_(has_sku))
    rows = await uow.execute(
        select(campaigns.c.id)
        .where(campaigns.c.status.in_([s.value for s in statuses]), concerns).order_by(campaigns.c.id)
    )
    return [str(row.id) for row in rows]


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


# The same query for the asyncpg fast path on PostgreSQL (service.promotions.PromotionReader).
PROMOTIONS_SQL = (
    "SELECT c.id AS campaign_id, c.name, i.sku, i.discount_pct, c.starts_at, c.ends_at, c.landing_url "
    "FROM campaign_items i JOIN campaigns c ON c.id = i.campaign_id "
    f"WHERE i.sku = $1 AND c.status = '{Status.LIVE.value}' ORDER BY c.ends_at, c.id"
)


async def live_promotions(uow: UnitOfWork, sku: str) -> list[dict[str, Any]]:
    """One indexed join: the SKU's items, kept only for live campaigns."""
    rows = (await uow.execute(
        select(campaigns.c.id.label("campaign_id"), campaigns.c.name, campaign_items.c.sku,
               campaign_items.c.discount_pct, campaigns.c.starts_at, campaigns.c.ends_at,
               campaigns.c.landing_url)
        .join(campaigns, campaigns.c.id == campaign_items.c.campaign_id)
        .where(campaign_items.c.sku == sku, campaigns.c.status == Status.LIVE.value)
        .order_by(campaigns.c.ends_at, campaigns.c.id)
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


# --- projections of other teams' facts, so a campaign going live learns what already went wrong


async def mark_depleted(uow: UnitOfWork, sku: str) -> None:
    await uow.insert_ignoring_duplicates(depleted_skus, {"sku": sku, "since": datetime.now(UTC)})


async def mark_replenished(uow: UnitOfWork, sku: str) -> None:
    await uow.execute(delete(depleted_skus).where(depleted_skus.c.sku == sku))


async def depleted_among(uow: UnitOfWork, skus: list[str]) -> list[str]:
    rows = await uow.execute(select(depleted_skus.c.sku).where(depleted_skus.c.sku.in_(skus)))
    found = {row.sku for row in rows}
    return [sku for sku in skus if sku in found]


async def mark_page_broken(uow: UnitOfWork, url: str, kind: str, sku: str | None, issues: list[str]) -> None:
    await mark_page_restored(uow, url)
    await uow.execute(insert(broken_pages).values(
        url=url, kind=kind, sku=sku, issues=issues, since=datetime.now(UTC)
    ))


async def mark_page_restored(uow: UnitOfWork, url: str) -> None:
    await uow.execute(delete(broken_pages).where(broken_pages.c.url == url))


async def broken_page_risks(uow: UnitOfWork, landing_url: str | None, skus: list[str]) -> list[Risk]:
    """Known-broken pages a campaign depends on (its landing page, its SKUs' product pages)."""
    concerns = and_(broken_pages.c.kind == "product", broken_pages.c.sku.in_(skus))
    if landing_url is not None:
        concerns = or_(concerns, broken_pages.c.url == landing_url)
    rows = await uow.execute(select(broken_pages).where(concerns).order_by(broken_pages.c.since))
    return [broken_page_risk(row.url, row.kind, row.sku, row.issues) for row in rows]
