"""Pages: the registry (upsert by URL) and the on-demand health check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.content.api.deps import IdPath, Reader, ReadUow, SettingsDep, Writer, WriteUow
from services.content.domain import SKU_PATTERN
from services.content.schemas import HealthName, PageIn, PageKind, PageOut
from services.content.service import pages
from shared.http.pagination import Cursor, Limit, Page, decode_keyset, page_of
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1", tags=["pages"])


@router.put(
    "/pages", summary="Register or update a page",
    description="Upserts the page with this URL (the URL is its key) and returns it: 201 when it was "
    "created, 200 when it was updated. The URL is normalised first, so `/p/x`, `/p/x/` and `/p/x?` "
    "are one page: scheme and host in lower case, no default port, no fragment, no empty query, no "
    "trailing slash except on the root path.",
    responses={201: {"description": "The page was created.", "model": PageOut},
               **problem_responses(401, 403, 422)},
)
async def put_page(body: PageIn, response: Response, uow: WriteUow, _: Writer) -> PageOut:
    async with uow:
        page, created = await pages.put_page(uow, body)
        await uow.commit()
    response.status_code = 201 if created else 200
    return page


@router.get(
    "/pages", summary="List pages", description="Pages by URL, filtered by kind, health or SKU.",
    responses=problem_responses(401, 422),
)
async def list_pages(
    uow: ReadUow, _: Reader, limit: Limit = 50, cursor: Cursor = None, kind: PageKind | None = None,
    health: HealthName | None = None,
    sku: Annotated[str | None, Query(pattern=SKU_PATTERN)] = None,
) -> Page[PageOut]:
    after = decode_keyset(cursor, str)
    filters = {column: value for column, value in (("kind", kind), ("health", health), ("sku", sku))
               if value is not None}
    async with uow:
        rows = await pages.list_pages(uow, limit + 1, after[0] if after else None, filters)
    items, next_cursor = page_of(rows, limit, lambda page: [page.url])
    return Page[PageOut](items=items, next_cursor=next_cursor)


@router.get(
    "/pages/{page_id}", summary="Get a page", description="One page with its last health check.",
    responses=problem_responses(401, 404, 422),
)
async def get_page(page_id: IdPath, uow: ReadUow, _: Reader) -> PageOut:
    async with uow:
        return await pages.get_page(uow, page_id)


@router.delete(
    "/pages/{page_id}", status_code=204, summary="Delete a page",
    description="Removes the page from the registry; its tasks stay for the record.",
    responses=problem_responses(401, 403, 404, 422),
)
async def delete_page(page_id: IdPath, uow: WriteUow, _: Writer) -> Response:
    async with uow:
        await pages.delete_page(uow, page_id)
        await uow.commit()
    return Response(status_code=204)


@router.post(
    "/pages/{page_id}/check", summary="Check a page now",
    description="Runs a health check of the page immediately, stores it (emitting `page.broken` or "
    "`page.restored` on a transition) and returns the page with its new health.",
    responses=problem_responses(401, 403, 404, 422),
)
async def check_page(page_id: IdPath, uow: WriteUow, settings: SettingsDep, _: Writer) -> PageOut:
    async with uow:
        page = await pages.page_to_check(uow, page_id)
    # The network part runs outside any transaction; only the result is written in one.
    result = await pages.check_page(settings, page)
    async with uow:
        checked = await pages.record_page_check(uow, page, result)
        await uow.commit()
    return checked
