"""Queries of sitemap imports and the batched page inserts they make."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Row

from services.content.repository.clock import now
from services.content.tables import pages, sitemap_imports
from shared.db import insert_ignoring_conflicts
from shared.uow import UnitOfWork


async def insert_import(uow: UnitOfWork, sitemap_url: str) -> str:
    import_id = str(uuid.uuid4())
    await uow.execute(sitemap_imports.insert().values(
        id=import_id, sitemap_url=sitemap_url, status="queued", found=0, imported=0, updated=0,
        skipped=0, truncated=False, created_at=now(),
    ))
    return import_id


async def import_by_id(uow: UnitOfWork, import_id: str) -> Row[Any] | None:
    return (await uow.execute(select(sitemap_imports).where(sitemap_imports.c.id == import_id))).first()


async def claim_import(uow: UnitOfWork, stale_before: datetime) -> Row[Any] | None:
    """Mark the oldest queued import (or one whose worker died before `stale_before`) running,
    its counts reset; None when there is none. Only the replica whose update matched runs it."""
    table = sitemap_imports
    claimable = (table.c.status == "queued") | (
        (table.c.status == "running") & (table.c.started_at < stale_before))
    row = (await uow.execute(
        select(table.c.id, table.c.sitemap_url).where(claimable).order_by(table.c.created_at).limit(1)
    )).first()
    if row is None:
        return None
    claimed = await uow.execute(update(table).where(table.c.id == row.id, claimable).values(
        status="running", started_at=now(), found=0, imported=0, updated=0, skipped=0,
    ))
    return row if claimed.rowcount else None


async def record_found(uow: UnitOfWork, import_id: str, found: int, skipped: int, truncated: bool) -> None:
    await uow.execute(update(sitemap_imports).where(sitemap_imports.c.id == import_id).values(
        found=found, skipped=skipped, truncated=truncated,
    ))


async def count_batch(uow: UnitOfWork, import_id: str, imported: int, updated: int) -> None:
    table = sitemap_imports
    await uow.execute(update(table).where(table.c.id == import_id).values(
        imported=table.c.imported + imported, updated=table.c.updated + updated,
    ))


async def finish_import(uow: UnitOfWork, import_id: str, status: str, error: str | None) -> None:
    await uow.execute(update(sitemap_imports).where(sitemap_imports.c.id == import_id).values(
        status=status, error=error, finished_at=now(),
    ))


async def insert_pages_if_new(uow: UnitOfWork, kinds_by_url: dict[str, str]) -> int:
    """Insert the pages whose URL is not registered yet, in one statement; how many were new."""
    if not kinds_by_url:
        return 0
    stamp = now()
    rows = [{"id": str(uuid.uuid4()), "url": url, "kind": kind, "health": "unknown", "issues": [],
             "created_at": stamp, "updated_at": stamp} for url, kind in kinds_by_url.items()]
    result = await uow.execute(insert_ignoring_conflicts(pages, uow.dialect, rows))
    return int(result.rowcount)
