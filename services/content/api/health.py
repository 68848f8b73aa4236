"""The health summary: pages per health and kind, and SKUs without a product page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import func, select

from services.content import repository
from services.content.schemas import HealthSummary
from services.content.tables import pages
from shared.http.auth import AnyRole
from shared.http.deps import UowDep
from shared.http.problems import problem_responses

router = APIRouter(tags=["health"])
MISSING_LISTED = 1000


@router.get(
    "/health/summary", summary="Health summary of the site",
    description="Page counts per health and per kind and health, plus the SKUs known from inventory "
    f"that have no product page (the first {MISSING_LISTED} listed, all counted).",
    responses=problem_responses(401), dependencies=[AnyRole],
)
async def health_summary(uow: UowDep) -> HealthSummary:
    counts = select(pages.c.kind, pages.c.health, func.count()).group_by(pages.c.kind, pages.c.health)
    missing = repository.missing_product_pages_query()
    async with uow:
        rows: list[Any] = list((await uow.execute(counts)).all())
        listed = list((await uow.execute(missing.limit(MISSING_LISTED))).scalars())
        total = (await uow.execute(select(func.count()).select_from(missing.subquery()))).scalar_one()
    by_health: dict[str, int] = {}
    by_kind: dict[str, dict[str, int]] = {}
    for kind, health, count in rows:
        by_health[health] = by_health.get(health, 0) + count
        by_kind.setdefault(kind, {})[health] = count
    return HealthSummary(by_health=by_health, by_kind=by_kind, missing_product_pages=listed,
                         missing_product_pages_total=int(total))
