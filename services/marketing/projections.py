"""Projections of other teams' facts (sold-out SKUs, broken pages), kept for campaigns going live."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select

from services.marketing.tables import broken_pages, depleted_skus
from shared.uow import UnitOfWork


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


async def broken_pages_of(uow: UnitOfWork, landing_url: str | None, skus: list[str]) -> list[dict[str, Any]]:
    """Known-broken pages a campaign depends on: its landing page and its SKUs' product pages."""
    concerns = and_(broken_pages.c.kind == "product", broken_pages.c.sku.in_(skus))
    if landing_url is not None:
        concerns = or_(concerns, broken_pages.c.url == landing_url)
    rows = await uow.execute(select(broken_pages).where(concerns).order_by(broken_pages.c.since))
    return [dict(row) for row in rows.mappings()]
