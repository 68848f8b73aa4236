"""Crawls: queue a check of many pages and follow its progress."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.content.api.deps import IdPath, Reader, ReadUow, Writer, WriteUow
from services.content.schemas import CrawlIn, CrawlOut, CrawlQueued
from services.content.service import crawls
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1", tags=["crawls"])


@router.post(
    "/crawls", status_code=202, summary="Start a crawl",
    description="Queues a health check of the given pages (every page when `page_ids` is omitted); "
    "it runs in the background with global and per-host concurrency limits. Unknown ids are ignored. "
    "`Location` names the crawl's progress resource.",
    responses=problem_responses(401, 403, 422),
)
async def start_crawl(body: CrawlIn, uow: WriteUow, _: Writer, response: Response) -> CrawlQueued:
    async with uow:
        crawl_id = await crawls.queue_crawl(uow, body.page_ids)
        await uow.commit()
    response.headers["Location"] = f"/v1/crawls/{crawl_id}"
    return CrawlQueued(id=crawl_id)


@router.get(
    "/crawls/{crawl_id}", summary="Get a crawl's progress",
    description="Status and counts: pages to check, checked so far, found broken and degraded.",
    responses=problem_responses(401, 404, 422),
)
async def get_crawl(crawl_id: IdPath, uow: ReadUow, _: Reader) -> CrawlOut:
    async with uow:
        return await crawls.get_crawl(uow, crawl_id)
