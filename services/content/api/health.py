"""The health summary: pages per health and kind, and SKUs without a product page."""

from __future__ import annotations

from fastapi import APIRouter

from services.content.api.deps import Reader, ReadUow
from services.content.schemas import HealthSummary
from services.content.service import pages
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1", tags=["health"])


@router.get(
    "/health/summary", summary="Health summary of the site",
    description="Page counts per health and per kind and health, plus the SKUs known from inventory "
    f"that have no product page (the first {pages.MISSING_LISTED} listed, all counted).",
    responses=problem_responses(401),
)
async def health_summary(uow: ReadUow, _: Reader) -> HealthSummary:
    async with uow:
        return await pages.health_summary(uow)
