"""Queries of pages and the health summary."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.engine import Row

from services.content import domain
from services.content.crawler.check import CheckResult
from services.content.repository.clock import now
from services.content.tables import known_skus, pages
from shared.uow import UnitOfWork


async def page_by_id(uow: UnitOfWork, page_id: str) -> Row[Any] | None:
    return (await uow.execute(select(pages).where(pages.c.id == page_id))).first()


async def page_by_url(uow: UnitOfWork, url: str) -> Row[Any] | None:
    return (await uow.execute(select(pages).where(pages.c.url == url))).first()


async def product_pages(uow: UnitOfWork, skus: list[str]) -> list[Row[Any]]:
    query = select(pages).where(pages.c.kind == "product", pages.c.sku.in_(skus)).order_by(pages.c.url)
    return list((await uow.execute(query)).all())


async def list_pages(
    uow: UnitOfWork, limit: int, after_url: str | None, filters: Mapping[str, str]
) -> list[Row[Any]]:
    """Up to `limit` pages by URL after `after_url`, equal to the given column values."""
    query = select(pages).order_by(pages.c.url).limit(limit)
    for column, value in filters.items():
        query = query.where(pages.c[column] == value)
    if after_url is not None:
        query = query.where(pages.c.url > after_url)
    return list((await uow.execute(query)).all())


async def pages_to_crawl(uow: UnitOfWork, page_ids: list[str] | None) -> list[Row[Any]]:
    query = select(pages).order_by(pages.c.url)
    if page_ids is not None:
        query = query.where(pages.c.id.in_(page_ids))
    return list((await uow.execute(query)).all())


async def upsert_page(uow: UnitOfWork, url: str, values: dict[str, Any]) -> bool:
    """Insert or update the page of this URL; True when it was created."""
    existing = await page_by_url(uow, url)
    stamp = now()
    if existing is not None:
        if values:
            await uow.execute(
                update(pages).where(pages.c.id == existing.id).values(**values, updated_at=stamp)
            )
        return False
    row = {
        "id": str(uuid.uuid4()), "url": url, "kind": "other", "health": "unknown", "issues": [],
        "created_at": stamp, "updated_at": stamp, **values,
    }
    return await uow.insert_ignoring_duplicates(pages, row)


async def insert_page_if_new(uow: UnitOfWork, url: str, kind: str) -> bool:
    stamp = now()
    return await uow.insert_ignoring_duplicates(pages, {
        "id": str(uuid.uuid4()), "url": url, "kind": kind, "health": "unknown", "issues": [],
        "created_at": stamp, "updated_at": stamp,
    })


async def delete_page(uow: UnitOfWork, page_id: str) -> bool:
    return bool((await uow.execute(delete(pages).where(pages.c.id == page_id))).rowcount)


async def store_check(uow: UnitOfWork, page: Row[Any], result: CheckResult) -> str | None:
    """Store a check on the page; the health it had before, None when the page is gone."""
    # Lock the row so concurrent checks of one page see each other's transitions.
    locked = select(pages.c.health).where(pages.c.id == page.id)
    if uow.dialect == "postgresql":
        locked = locked.with_for_update()
    previous: str | None = (await uow.execute(locked)).scalar_one_or_none()
    if previous is None:
        return None
    values: dict[str, Any] = {
        "health": result.health, "issues": [asdict(issue) for issue in result.issues],
        "score": result.score, "status_code": result.status_code,
        "response_ms": round(result.elapsed * 1000), "checked_at": result.checked_at,
    }
    if result.title and not page.title:
        values["title"] = domain.printable(result.title)[:500]
    await uow.execute(update(pages).where(pages.c.id == page.id).values(**values))
    return previous


async def health_counts(uow: UnitOfWork) -> list[tuple[str, str, int]]:
    """(kind, health, pages) for every combination present."""
    counts = select(pages.c.kind, pages.c.health, func.count()).group_by(pages.c.kind, pages.c.health)
    rows: list[Any] = list((await uow.execute(counts)).all())
    return [(str(kind), str(health), int(count)) for kind, health, count in rows]


def _missing_product_pages() -> Select[Any]:
    """Known SKUs without any product page."""
    with_page = select(pages.c.sku).where(pages.c.kind == "product", pages.c.sku.is_not(None))
    return select(known_skus.c.sku).where(known_skus.c.sku.not_in(with_page)).order_by(known_skus.c.sku)


async def missing_product_pages(uow: UnitOfWork, limit: int) -> tuple[list[str], int]:
    """The first `limit` known SKUs without a product page, and how many there are."""
    missing = _missing_product_pages()
    listed = [str(sku) for sku in (await uow.execute(missing.limit(limit))).scalars()]
    total = (await uow.execute(select(func.count()).select_from(missing.subquery()))).scalar_one()
    return listed, int(total)


async def missing_product_pages_after(uow: UnitOfWork, after: str | None, limit: int) -> list[str]:
    """Known SKUs without a product page, in SKU order, after the cursor's SKU."""
    missing = _missing_product_pages()
    if after is not None:
        missing = missing.where(known_skus.c.sku > after)
    return [str(sku) for sku in (await uow.execute(missing.limit(limit))).scalars()]
