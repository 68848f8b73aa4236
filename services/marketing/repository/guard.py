"""The live-campaign guard's risks, and the other teams' facts it keeps (sold-out SKUs, broken pages)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import and_, delete, insert, or_, select

from services.marketing.domain import Risk, Status, broken_page_risk
from services.marketing.tables import broken_pages, campaign_items, campaign_risks, campaigns, depleted_skus
from shared.uow import UnitOfWork


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
