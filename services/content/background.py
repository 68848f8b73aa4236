"""Background work of the content service: the crawl, sitemap-import and campaign-check workers
and the periodic re-check of every page."""

from __future__ import annotations

import asyncio
from functools import partial

from services.content.crawler.crawl import CrawlerConfig
from services.content.service import campaign_checks, crawls, imports
from services.content.settings import Settings
from shared.periodic import BackgroundTask, every
from shared.runtime import Backbone


def tasks(backbone: Backbone, settings: Settings) -> list[BackgroundTask]:
    config = CrawlerConfig.from_settings(settings)
    jobs = [crawl_worker(backbone, config, settings), import_worker(backbone, settings),
            campaign_check_worker(backbone, config.sharing_host_slots(), settings)]
    if settings.recheck_interval_seconds > 0:
        interval = settings.recheck_interval_seconds
        recheck = partial(queue_recheck, backbone)
        jobs.append(every(interval, recheck, name="recheck", first_run_after=interval))
    return jobs


async def queue_recheck(backbone: Backbone) -> None:
    async with backbone.uow() as uow:
        await crawls.queue_recheck(uow)
        await uow.commit()


def crawl_worker(backbone: Backbone, config: CrawlerConfig, settings: Settings) -> BackgroundTask:
    """Runs queued crawls one at a time; woken right after a crawl is queued, else it polls."""

    async def run_queued_crawls() -> None:
        while await crawls.run_next_crawl(backbone.uow, config):
            pass
        await backbone.signals.wait(crawls.WAKE_UP, settings.crawl_poll_seconds)

    return every(0, run_queued_crawls, name="crawl_worker")


def import_worker(backbone: Backbone, settings: Settings) -> BackgroundTask:
    """Runs queued sitemap imports one at a time; woken right after one is queued, else it polls."""

    async def run_queued_imports() -> None:
        while await imports.run_next_import(backbone.uow, settings):
            pass
        await backbone.signals.wait(imports.WAKE_UP, settings.crawl_poll_seconds)

    return every(0, run_queued_imports, name="sitemap_import_worker")


def campaign_check_worker(backbone: Backbone, config: CrawlerConfig, settings: Settings) -> BackgroundTask:
    """Claims pending campaign checks as soon as one is recorded (else at each poll) and runs
    each as its own task, at most `campaign_check_concurrency` at once, sharing per-host request
    limits; a failing check ends the worker (the supervisor restarts it), the others being handed
    back for the next claim."""

    async def run_campaign_checks() -> None:
        running: set[asyncio.Task[None]] = set()

        def finished(task: asyncio.Task[None]) -> None:
            running.discard(task)
            backbone.signals.send(campaign_checks.WAKE_UP)  # a slot is free

        async with asyncio.TaskGroup() as group:

            async def claim_and_start() -> None:
                free = settings.campaign_check_concurrency - len(running)
                if free > 0:
                    async with backbone.uow() as uow:
                        claimed = await campaign_checks.claim_campaign_checks(
                            uow, free, settings.campaign_check_claim_seconds)
                        await uow.commit()
                    for check in claimed:
                        run = campaign_checks.run_campaign_check(
                            backbone.uow, config, check, settings.crawl_poll_seconds)
                        task = group.create_task(run)
                        running.add(task)
                        task.add_done_callback(finished)
                await backbone.signals.wait(campaign_checks.WAKE_UP, settings.crawl_poll_seconds)

            await every(0, claim_and_start, name="campaign_check_claims")()

    return run_campaign_checks
