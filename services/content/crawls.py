"""Crawl worker: runs queued crawls in the background, records progress; the periodic re-check."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update

from services.content import repository
from services.content.crawler.check import CheckResult, PageTarget
from services.content.crawler.crawl import CrawlerConfig, check_pages
from services.content.tables import crawls, pages
from shared.uow import UnitOfWork

log = logging.getLogger(__name__)


def target_of(page: Any) -> PageTarget:
    return PageTarget(page.url, page.kind, repository.as_utc(page.last_updated_at))


async def queue_crawl(uow: UnitOfWork, page_ids: list[str] | None) -> dict[str, Any]:
    """Insert a queued crawl of these pages (all pages when None); returns its row values."""
    query = select(pages.c.id)
    if page_ids is not None:
        query = query.where(pages.c.id.in_(page_ids))
    found = [str(page_id) for page_id in (await uow.execute(query)).scalars()]
    row = {
        "id": str(uuid.uuid4()), "status": "queued", "page_ids": page_ids, "total": len(found),
        "done": 0, "broken": 0, "degraded": 0, "created_at": repository.now(),
    }
    await uow.execute(crawls.insert().values(**row))
    return row


class CrawlWorker:
    """Claims queued crawls one at a time; woken right after a crawl is queued."""

    def __init__(self, uow_factory: Callable[[], UnitOfWork], config: CrawlerConfig,
                 poll_seconds: float, recheck_seconds: float) -> None:
        self._uow_factory = uow_factory
        self._config = config
        self._poll_seconds = poll_seconds
        self._recheck_seconds = recheck_seconds
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        while True:
            while await self.run_next():
                pass
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll_seconds)

    async def recheck(self) -> None:
        """Queue a crawl of every page each interval; an interval of 0 disables it."""
        if self._recheck_seconds <= 0:
            return
        while True:
            await asyncio.sleep(self._recheck_seconds)
            async with self._uow_factory() as uow:
                # Replicas each run this loop; one pending crawl of everything is enough.
                pending = select(crawls.c.id).where(crawls.c.status.in_(("queued", "running")),
                                                    crawls.c.page_ids.is_(None))
                if (await uow.execute(pending.limit(1))).first() is None:
                    await queue_crawl(uow, None)
                    await uow.commit()
            self.wake()

    async def run_next(self) -> bool:
        """Run the oldest queued crawl; False when there was none."""
        claimed = await self._claim()
        if claimed is None:
            return False
        crawl_id, page_ids = claimed
        try:
            await self.run_crawl(crawl_id, page_ids)
        except Exception as error:
            await self._finish(crawl_id, "failed", f"{type(error).__name__}: {error}"[:500])
            raise
        await self._finish(crawl_id, "completed", None)
        return True

    async def run_crawl(self, crawl_id: str, page_ids: list[str] | None) -> None:
        async with self._uow_factory() as uow:
            query = select(pages).order_by(pages.c.url)
            if page_ids is not None:
                query = query.where(pages.c.id.in_(page_ids))
            rows = list((await uow.execute(query)).all())
        writer = ResultWriter(self._uow_factory, crawl_id, {row.url: row for row in rows})
        async with writer:
            await check_pages(self._config, [target_of(row) for row in rows], writer.add)

    async def _claim(self) -> tuple[str, list[str] | None] | None:
        async with self._uow_factory() as uow:
            oldest = select(crawls.c.id, crawls.c.page_ids).where(crawls.c.status == "queued")
            row = (await uow.execute(oldest.order_by(crawls.c.created_at).limit(1))).first()
            if row is None:
                return None
            # Another replica may claim the same crawl; only the one whose update matched runs it.
            claimed = await uow.execute(
                update(crawls).where(crawls.c.id == row.id, crawls.c.status == "queued")
                .values(status="running", started_at=repository.now())
            )
            await uow.commit()
        if not claimed.rowcount:
            return None
        return str(row.id), row.page_ids

    async def _finish(self, crawl_id: str, status: str, error: str | None) -> None:
        async with self._uow_factory() as uow:
            await uow.execute(update(crawls).where(crawls.c.id == crawl_id).values(
                status=status, error=error, finished_at=repository.now(),
            ))
            await uow.commit()
        log.info("crawl %s %s", crawl_id, status)


class ResultWriter:
    """Stores a crawl's results in batches: one transaction for whatever arrived since the last.

    Pages are checked many at a time; a transaction per result would have them queue for the
    database (SQLite has one writer) and hold connections the HTTP API needs."""

    def __init__(self, uow_factory: Callable[[], UnitOfWork], crawl_id: str, by_url: dict[str, Any]) -> None:
        self._uow_factory = uow_factory
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
        assert self._task is not None
        self._closing = True
        self._arrived.set()
        if error_type is None:
            await self._task
        else:
            with contextlib.suppress(Exception):
                await self._task

    async def _run(self) -> None:
        while True:
            await self._arrived.wait()
            self._arrived.clear()
            batch, self._pending = self._pending, []
            if batch:
                await self._write(batch)
            if self._closing and not self._pending:
                return

    async def _write(self, batch: list[tuple[PageTarget, CheckResult]]) -> None:
        health = []
        async with self._uow_factory() as uow:
            for target, result in batch:
                health.append(await repository.record_check(uow, self._by_url[target.url], result))
            await uow.execute(update(crawls).where(crawls.c.id == self._crawl_id).values(
                done=crawls.c.done + len(batch),
                broken=crawls.c.broken + health.count("broken"),
                degraded=crawls.c.degraded + health.count("degraded"),
            ))
            await uow.commit()
