"""Pages: the registry (upsert by URL), sitemap import and the on-demand health check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy import delete, select

from services.content import domain, repository
from services.content.api.deps import ConfigDep, ContentWriter, IdPath, SettingsDep, page_out
from services.content.crawler.crawl import check_pages
from services.content.crawler.fetch import Fetcher, FetchLimits
from services.content.crawler.guard import UrlGuard
from services.content.crawls import target_of
from services.content.schemas import HealthName, PageIn, PageKind, PageOut, SitemapImported, SitemapIn
from services.content.sitemap import SitemapError, read_sitemap
from services.content.tables import pages
from shared.errors import Invalid, NotFound
from shared.http.auth import AnyRole
from shared.http.deps import UowDep
from shared.http.pagination import Cursor, Limit, Page, decode_cursor, page_of
from shared.http.problems import problem_responses

router = APIRouter(tags=["pages"])


@router.put(
    "/pages", summary="Register or update a page",
    description="Upserts the page with this URL (the URL is its key) and returns it.",
    responses=problem_responses(401, 403, 422),
)
async def put_page(body: PageIn, uow: UowDep, _: ContentWriter) -> PageOut:
    values = body.model_dump(exclude={"url"})
    async with uow:
        page, _created = await repository.upsert_page(uow, body.url, values)
        await uow.commit()
    return page_out(page)


@router.get(
    "/pages", summary="List pages", description="Pages by URL, filtered by kind, health or SKU.",
    responses=problem_responses(401, 422), dependencies=[AnyRole],
)
async def list_pages(
    uow: UowDep, limit: Limit = 50, cursor: Cursor = None, kind: PageKind | None = None,
    health: HealthName | None = None,
    sku: Annotated[str | None, Query(pattern=domain.SKU_PATTERN)] = None,
) -> Page[PageOut]:
    query = select(pages).order_by(pages.c.url).limit(limit + 1)
    for column, value in ((pages.c.kind, kind), (pages.c.health, health), (pages.c.sku, sku)):
        if value is not None:
            query = query.where(column == value)
    after = decode_cursor(cursor, 1)
    if after is not None:
        query = query.where(pages.c.url > str(after[0]))
    async with uow:
        rows = list((await uow.execute(query)).all())
    items, next_cursor = page_of(rows, limit, lambda row: [row.url])
    return Page[PageOut](items=[page_out(row) for row in items], next_cursor=next_cursor)


@router.get(
    "/pages/{page_id}", summary="Get a page", description="One page with its last health check.",
    responses=problem_responses(401, 404, 422), dependencies=[AnyRole],
)
async def get_page(page_id: IdPath, uow: UowDep) -> PageOut:
    async with uow:
        page = await repository.page_by_id(uow, page_id)
    if page is None:
        raise NotFound(f"There is no page {page_id}.")
    return page_out(page)


@router.delete(
    "/pages/{page_id}", status_code=204, summary="Delete a page",
    description="Removes the page from the registry; its tasks stay for the record.",
    responses=problem_responses(401, 403, 404, 422),
)
async def delete_page(page_id: IdPath, uow: UowDep, _: ContentWriter) -> Response:
    async with uow:
        result = await uow.execute(delete(pages).where(pages.c.id == page_id))
        if not result.rowcount:
            raise NotFound(f"There is no page {page_id}.")
        await uow.commit()
    return Response(status_code=204)


@router.post(
    "/pages/{page_id}/check", summary="Check a page now",
    description="Runs a health check of the page immediately, stores it (emitting `page.broken` or "
    "`page.restored` on a transition) and returns the page with its new health.",
    responses=problem_responses(401, 403, 404, 422),
)
async def check_page(page_id: IdPath, uow: UowDep, config: ConfigDep, _: ContentWriter) -> PageOut:
    async with uow:
        page = await repository.page_by_id(uow, page_id)
    if page is None:
        raise NotFound(f"There is no page {page_id}.")
    # The network part runs outside any transaction; only the result is written in one.
    [result] = await check_pages(config, [target_of(page)])
    async with uow:
        await repository.record_check(uow, page, result)
        stored = await repository.page_by_id(uow, page.id)
        await uow.commit()
    if stored is None:
        raise NotFound(f"Page {page_id} was deleted during the check.")
    return page_out(stored)


@router.post(
    "/pages/import-sitemap", summary="Import pages from a sitemap",
    description="Reads a sitemap or sitemap index (plain or gzip), registers every URL with a kind "
    "guessed from the configured URL patterns, and counts new and existing pages. Size, URL and "
    "document caps protect against sitemap bombs.",
    responses=problem_responses(401, 403, 422),
)
async def import_sitemap(
    body: SitemapIn, uow: UowDep, config: ConfigDep, settings: SettingsDep, _: ContentWriter
) -> SitemapImported:
    limits = config.limits
    sitemap_limits = FetchLimits(limits.timeout_seconds, limits.max_redirects, settings.sitemap_max_bytes,
                                 limits.concurrency, limits.per_host_concurrency, limits.user_agent)
    async with Fetcher(sitemap_limits, UrlGuard(config.allow_private, config.allowed_hosts)) as fetcher:
        try:
            entries = await read_sitemap(fetcher, body.sitemap_url, settings.sitemap_max_urls,
                                         settings.sitemap_max_documents, settings.sitemap_max_bytes)
        except SitemapError as error:
            raise Invalid(f"The sitemap could not be imported: {error}") from error
    urls = [url for url in entries.urls if domain.is_storable_url(url)]
    imported = updated = 0
    async with uow:
        for url in urls:
            # Existing pages keep their kind: a person may have corrected the guess.
            created = await repository.insert_page_if_new(
                uow, url, domain.guess_kind(url, settings.kind_patterns)
            )
            imported, updated = imported + created, updated + (not created)
        await uow.commit()
    return SitemapImported(imported=imported, updated=updated, truncated=entries.truncated)
