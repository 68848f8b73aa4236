"""Pages: the registry, the on-demand check, the sitemap import and the health summary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.engine import Row

from services.content import repository
from services.content.crawler.check import CheckResult
from services.content.crawler.crawl import CrawlerConfig, check_pages
from services.content.crawler.fetch import Fetcher, FetchLimits
from services.content.crawler.guard import UrlGuard
from services.content.schemas import HealthSummary, PageIn, PageOut
from services.content.service.checks import record_check, target_of
from services.content.settings import Settings
from services.content.sitemap import SitemapEntries, SitemapError, read_sitemap
from shared.errors import Invalid, NotFound
from shared.uow import UnitOfWork

MISSING_LISTED = 1000


def page_out(row: Row[Any]) -> PageOut:
    return PageOut.model_validate(row._mapping)


async def _page(uow: UnitOfWork, page_id: str) -> Row[Any]:
    page = await repository.page_by_id(uow, page_id)
    if page is None:
        raise NotFound(f"There is no page {page_id}.")
    return page


async def put_page(uow: UnitOfWork, body: PageIn) -> tuple[PageOut, bool]:
    """Upsert the page with this URL; the page, and True when it was created."""
    created = await repository.upsert_page(uow, body.url, body.model_dump(exclude={"url"}))
    page = await repository.page_by_url(uow, body.url)
    if page is None:
        raise NotFound(f"Page {body.url} was deleted while it was written.")
    return page_out(page), created


async def list_pages(
    uow: UnitOfWork, limit: int, after_url: str | None, filters: Mapping[str, str]
) -> list[PageOut]:
    return [page_out(row) for row in await repository.list_pages(uow, limit, after_url, filters)]


async def get_page(uow: UnitOfWork, page_id: str) -> PageOut:
    return page_out(await _page(uow, page_id))


async def delete_page(uow: UnitOfWork, page_id: str) -> None:
    if not await repository.delete_page(uow, page_id):
        raise NotFound(f"There is no page {page_id}.")


async def page_to_check(uow: UnitOfWork, page_id: str) -> Row[Any]:
    return await _page(uow, page_id)


async def check_page(settings: Settings, page: Row[Any]) -> CheckResult:
    """The network part of an on-demand check; run it with no transaction open."""
    [result] = await check_pages(CrawlerConfig.from_settings(settings), [target_of(page)])
    return result


async def record_page_check(uow: UnitOfWork, page: Row[Any], result: CheckResult) -> PageOut:
    await record_check(uow, page, result)
    stored = await repository.page_by_id(uow, page.id)
    if stored is None:
        raise NotFound(f"Page {page.id} was deleted during the check.")
    return page_out(stored)


async def read_sitemap_urls(settings: Settings, sitemap_url: str) -> SitemapEntries:
    """Every page URL of the sitemap (the network part of an import; no transaction open)."""
    config = CrawlerConfig.from_settings(settings)
    limits = config.limits
    sitemap_limits = FetchLimits(limits.timeout_seconds, limits.max_redirects, settings.sitemap_max_bytes,
                                 limits.concurrency, limits.per_host_concurrency, limits.user_agent)
    async with Fetcher(sitemap_limits, UrlGuard(config.allow_private, config.allowed_hosts)) as fetcher:
        try:
            return await read_sitemap(fetcher, sitemap_url, settings.sitemap_max_urls,
                                      settings.sitemap_max_documents, settings.sitemap_max_bytes)
        except SitemapError as error:
            raise Invalid(f"The sitemap could not be imported: {error}") from error


async def missing_product_pages(uow: UnitOfWork, after: str | None, limit: int) -> list[str]:
    return await repository.missing_product_pages_after(uow, after, limit)


async def health_summary(uow: UnitOfWork) -> HealthSummary:
    by_health: dict[str, int] = {}
    by_kind: dict[str, dict[str, int]] = {}
    for kind, health, count in await repository.health_counts(uow):
        by_health[health] = by_health.get(health, 0) + count
        by_kind.setdefault(kind, {})[health] = count
    listed, total = await repository.missing_product_pages(uow, MISSING_LISTED)
    return HealthSummary(by_health=by_health, by_kind=by_kind, missing_product_pages=listed,
                         missing_product_pages_total=total)
