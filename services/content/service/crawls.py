"""Crawls: queue a check of many pages, run the oldest queued one, record its progress."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any, Protocol

from sqlalchemy.engine import Row

from services.content import repository
from services.content.crawler.check import CheckResult, PageTarget
from services.content.crawler.crawl import CrawlerConfig, check_pages
from services.content.schemas import CrawlOut
from services.content.service.checks import record_checks, target_of
from shared.errors import NotFound
from shared.uow import UnitOfWork

log = logging.getLogger(__name__)

WAKE_UP = "crawls"
# Results written per transaction at most, so a slow database never makes one long write.
WRITE_BATCH = 200


class UnitsOfWork(Protocol):
    """The backbone's unit-of-work factory."""

    def __call__(self, read_only: bool = False) -> UnitOfWork: ...


async def queue_crawl(uow: UnitOfWork, page_ids: list[str] | None) -> str:
    """Queue a crawl of these pages (all when None); the worker is woken once this commits."""
    crawl_id = await repository.insert_crawl(uow, page_ids)
    uow.signal_after_commit(WAKE_UP)
    return crawl_id


async def get_crawl(uow: UnitOfWork, crawl_id: str) -> CrawlOut:
    row = await repository.crawl_by_id(uow, crawl_id)
    if row is None:
        raise NotFound(f"There is no crawl {crawl_id}.")
    return CrawlOut.model_validate(row._mapping)


async def queue_recheck(uow: UnitOfWork) -> None:
    """Queue a crawl of every page, unless one is pending already (replicas each ask)."""
    if not await repository.full_crawl_pending(uow):
        await queue_crawl(uow, None)


async def run_next_crawl(new_uow: UnitsOfWork, config: CrawlerConfig) -> bool:
    """Run the oldest queued crawl; False when there was none."""
    async with new_uow() as uow:
        claimed = await repository.claim_oldest_crawl(uow)
        await uow.commit()
    if claimed is None:
        return False
    crawl_id = str(claimed.id)
    try:
        await _run_crawl(new_uow, config, crawl_id, claimed.page_ids)
    except Exception as error:
        await _finish(new_uow, crawl_id, "failed", f"{type(error).__name__}: {error}"[:500])
        raise
    await _finish(new_uow, crawl_id, "completed", None)
    return True


async def _run_crawl(new_uow: UnitsOfWork, config: CrawlerConfig, crawl_id: str,
                     page_ids: list[str] | None) -> None:
    async with new_uow(read_only=True) as uow:
        rows = await repository.pages_to_crawl(uow, page_ids)
    writer = ResultWriter(new_uow, crawl_id, {row.url: row for row in rows})
    async with writer:
        await check_pages(config, [target_of(row) for row in rows], writer.add)


async def _finish(new_uow: UnitsOfWork, crawl_id: str, status: str, error: str | None) -> None:
    async with new_uow() as uow:
        await repository.finish_crawl(uow, crawl_id, status, error)
        await uow.commit()
    log.info("crawl %s %s", crawl_id, status)


class ResultWriter:
    """Stores a crawl's results in batches: one transaction for whatever arrived since the last.

    Pages are checked many at a time; a transaction per result would have them queue for the
    database (SQLite has one writer) and hold connections the HTTP API needs."""

    def __init__(self, new_uow: UnitsOfWork, crawl_id: str, by_url: dict[str, Row[Any]]) -> None:
        self._new_uow = new_uow
        self._crawl_id = crawl_id
        self._by_url = by_url
        self._pending: list[tuple[PageTarget, CheckResult]] = []
        self._arrived = asyncio.Event()
        self._closing = False
        self._task: asyncio.Task[None] | None = None

    async def add(self, target: PageTarget, result: CheckResult) -> None:
        self._pending.append((target, result))
        self._arrived.set()

    async def __aenter__(self) -> ResultWriter:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, error_type: type[BaseException] | None, *_: object) -> None:
        """Write what is still pending; a failure of the crawl itself is the one reported."""
        if self._task is None:
            raise RuntimeError("ResultWriter left without being entered")
        self._closing = True
        self._arrived.set()
        if error_type is None:
            await self._task
        else:
            with contextlib.suppress(Exception):
                await self._task

    async def _run(self) -> None:
        finished = False
        while not finished:
            await self._arrived.wait()
            self._arrived.clear()
            batch, self._pending = self._pending[:WRITE_BATCH], self._pending[WRITE_BATCH:]
            if self._pending:
                self._arrived.set()  # the rest goes in the next short transaction
            if batch:
                await self._write(batch)
            finished = self._closing and not self._pending

    async def _write(self, batch: list[tuple[PageTarget, CheckResult]]) -> None:
        async with self._new_uow() as uow:
            checked = [(self._by_url[target.url], result) for target, result in batch]
            health = await record_checks(uow, checked)
            await repository.count_crawled(uow, self._crawl_id, len(batch), health.count("broken"),
                                           health.count("degraded"))
            await uow.commit()
