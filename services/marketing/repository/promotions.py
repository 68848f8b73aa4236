"""The storefront's promotions of a SKU."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from services.marketing.domain import PROMOTED, Promotion
from services.marketing.tables import campaign_items, campaigns
from shared.uow import UnitOfWork

_PROMOTION_COLUMNS = (
    campaigns.c.id.label("campaign_id"), campaigns.c.name, campaign_items.c.sku,
    campaign_items.c.discount_pct, campaigns.c.starts_at, campaigns.c.ends_at, campaigns.c.landing_url,
)
_PROMOTED = [status.value for status in PROMOTED]

# The candidates query for the asyncpg fast path on PostgreSQL (service.promotions.PromotionReader).
PROMOTION_CANDIDATES_SQL = (
    "SELECT c.id AS campaign_id, c.name, i.sku, i.discount_pct, c.starts_at, c.ends_at, c.landing_url "
    "FROM campaign_items i JOIN campaigns c ON c.id = i.campaign_id "
    f"WHERE i.sku = $1 AND c.status IN ({', '.join(repr(status) for status in _PROMOTED)}) "
    "AND c.ends_at > $2 ORDER BY c.ends_at, c.id"
)


async def promotions(uow: UnitOfWork, sku: str, now: datetime) -> list[Promotion]:
    """What the storefront sees at `now`: live or scheduled campaigns with the SKU that have started
    and not ended, soonest ending first. One indexed join."""
    rows = (await uow.execute(
        select(*_PROMOTION_COLUMNS).join(campaigns, campaigns.c.id == campaign_items.c.campaign_id)
        .where(campaign_items.c.sku == sku, campaigns.c.status.in_(_PROMOTED),
               campaigns.c.starts_at <= now, campaigns.c.ends_at > now)
        .order_by(campaigns.c.ends_at, campaigns.c.id)
    )).mappings().all()
    return [Promotion(**row) for row in rows]


async def promotion_candidates(uow: UnitOfWork, sku: str, now: datetime) -> list[Promotion]:
    """`promotions` without the start condition: those not started yet tell when the answer changes."""
    rows = (await uow.execute(
        select(*_PROMOTION_COLUMNS).join(campaigns, campaigns.c.id == campaign_items.c.campaign_id)
        .where(campaign_items.c.sku == sku, campaigns.c.status.in_(_PROMOTED), campaigns.c.ends_at > now)
        .order_by(campaigns.c.ends_at, campaigns.c.id)
    )).mappings().all()
    return [Promotion(**row) for row in rows]


def promotions_of_records(records: Iterable[Mapping[str, Any]]) -> list[Promotion]:
    """Rows of PROMOTION_CANDIDATES_SQL as promotions (asyncpg hands back aware UTC moments)."""
    return [Promotion(**dict(record)) for record in records]
