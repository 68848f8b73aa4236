"""The health summary: pages per health and kind, and SKUs without a product page."""

from __future__ import annotations

from fastapi import APIRouter

from services.content.api.deps import Reader, ReadUow
from services.content.schemas import HealthSummary, MissingPage
from services.content.service import pages
from shared.http.pagination import Cursor, Limit, Page, decode_keyset, page_of
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1", tags=["health"])


@router.get(
    "/health/summary", summary="Health summary of the site",
    description="Page counts per health and per kind and health, plus the SKUs known from inventory "
    f"that have no product page (the first {pages.MISSING_LISTED} listed, all counted; every one of "
    "them, page by page, from `GET /v1/health/missing-product-pages`).",
    responses=problem_responses(401),
)
async def health_summary(uow: ReadUow, _: Reader) -> HealthSummary:
    async with uow:
        return await pages.health_summary(uow)


@router.get(
    "/health/missing-product-pages", summary="SKUs without a product page",
    description="Every SKU known from inventory that has no product page, in SKU order, paginated.",
    responses=problem_responses(401, 422),
)
async def missing_product_pages(
    uow: ReadUow, _: Reader, limit: Limit = 50, cursor: Cursor = None,
) -> Page[MissingPage]:
    after = decode_keyset(cursor, str)
    async with uow:
        skus = await pages.missing_product_pages(uow, after[0] if after else None, limit + 1)
    items, next_cursor = page_of([MissingPage(sku=sku) for sku in skus], limit, lambda item: [item.sku])
    return Page[MissingPage](items=items, next_cursor=next_cursor)
