"""Crawls: queue a check of many pages and follow its progress."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from services.content import crawls as crawl_queue
from services.content.api.deps import ContentWriter, IdPath, WorkerDep
from services.content.repository import as_utc
from services.content.schemas import CrawlIn, CrawlOut, CrawlQueued
from services.content.tables import crawls
from shared.errors import NotFound
from shared.http.auth import AnyRole
from shared.http.deps import UowDep
from shared.http.problems import problem_responses

router = APIRouter(tags=["crawls"])


@router.post(
    "/crawls", status_code=202, summary="Start a crawl",
    description="Queues a health check of the given pages (every page when `page_ids` is omitted); "
    "it runs in the background with global and per-host concurrency limits. Unknown ids are ignored.",
    responses=problem_responses(401, 403, 422),
)
async def start_crawl(body: CrawlIn, uow: UowDep, worker: WorkerDep, _: ContentWriter) -> CrawlQueued:
    async with uow:
        crawl = await crawl_queue.queue_crawl(uow, body.page_ids)
        await uow.commit()
    worker.wake()
    return CrawlQueued(id=crawl["id"])


@router.get(
    "/crawls/{crawl_id}", summary="Get a crawl's progress",
    description="Status and counts: pages to check, checked so far, found broken and degraded.",
    responses=problem_responses(401, 404, 422), dependencies=[AnyRole],
)
async def get_crawl(crawl_id: IdPath, uow: UowDep) -> CrawlOut:
    async with uow:
        row = (await uow.execute(select(crawls).where(crawls.c.id == crawl_id))).first()
    if row is None:
        raise NotFound(f"There is no crawl {crawl_id}.")
    values: dict[str, Any] = dict(row._mapping)
    for stamp in ("created_at", "started_at", "finished_at"):
        values[stamp] = as_utc(values[stamp])
    return CrawlOut.model_validate(values)
