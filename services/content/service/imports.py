"""Sitemap imports: queue one, follow it, and the worker that runs them.

The sitemap is read with no transaction open; its URLs are then written in batches, each batch its
own short transaction, with a pause as long as the batch took after each, so other writers get
SQLite's one write lock between batches instead of waiting for the whole import."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import timedelta

from services.content import domain, repository
from services.content.schemas import SitemapImportOut
from services.content.service.crawls import UnitsOfWork
from services.content.service.pages import read_sitemap_urls
from services.content.settings import Settings
from shared.errors import Invalid, NotFound
from shared.uow import UnitOfWork

log = logging.getLogger(__name__)

WAKE_UP = "sitemap_imports"


async def queue_import(uow: UnitOfWork, sitemap_url: str) -> SitemapImportOut:
    """Queue an import of this sitemap; the worker is woken once this commits."""
    import_id = await repository.insert_import(uow, sitemap_url)
    uow.signal_after_commit(WAKE_UP)
    return await get_import(uow, import_id)


async def get_import(uow: UnitOfWork, import_id: str) -> SitemapImportOut:
    row = await repository.import_by_id(uow, import_id)
    if row is None:
        raise NotFound(f"There is no sitemap import {import_id}.")
    return SitemapImportOut.model_validate(row._mapping)


async def run_next_import(new_uow: UnitsOfWork, settings: Settings) -> bool:
    """Run the oldest queued import; False when there was none."""
    stale_before = repository.now() - timedelta(seconds=settings.sitemap_import_claim_seconds)
    async with new_uow() as uow:
        claimed = await repository.claim_import(uow, stale_before)
        await uow.commit()
    if claimed is None:
        return False
    import_id = str(claimed.id)
    try:
        await _run_import(new_uow, settings, import_id, str(claimed.sitemap_url))
    except Invalid as refused:
        await _finish(new_uow, import_id, "failed", refused.detail[:500])
        return True
    except Exception as error:
        await _finish(new_uow, import_id, "failed", f"{type(error).__name__}: {error}"[:500])
        raise
    await _finish(new_uow, import_id, "succeeded", None)
    return True


async def _run_import(new_uow: UnitsOfWork, settings: Settings, import_id: str, sitemap_url: str) -> None:
    entries = await read_sitemap_urls(settings, sitemap_url)
    storable = (domain.normalise_url(url) for url in entries.urls if domain.is_storable_url(url))
    urls = list(dict.fromkeys(storable))
    skipped = len(entries.urls) - len(urls)
    async with new_uow() as uow:
        await repository.record_found(uow, import_id, len(urls), skipped, entries.truncated)
        await uow.commit()
    size = settings.sitemap_import_batch_size
    for start in range(0, len(urls), size):
        started = time.monotonic()
        # Existing pages keep their kind: a person may have corrected the guess.
        batch = {url: domain.guess_kind(url, settings.kind_patterns) for url in urls[start:start + size]}
        async with new_uow() as uow:
            created = await repository.insert_pages_if_new(uow, batch)
            await repository.count_batch(uow, import_id, created, len(batch) - created)
            await uow.commit()
        await asyncio.sleep(time.monotonic() - started)


async def _finish(new_uow: UnitsOfWork, import_id: str, status: str, error: str | None) -> None:
    async with new_uow() as uow:
        await repository.finish_import(uow, import_id, status, error)
        await uow.commit()
    log.info("sitemap import %s %s", import_id, status)
