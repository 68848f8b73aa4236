"""Queries of pages and the health summary."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import Select, bindparam, delete, func, select, update
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


async def pages_by_url(uow: UnitOfWork, urls: Sequence[str]) -> dict[str, Row[Any]]:
    """The registered pages among these URLs, by URL."""
    wanted = sorted(set(urls))
    found: dict[str, Row[Any]] = {}
    for start in range(0, len(wanted), STORE_CHUNK):
        query = select(pages).where(pages.c.url.in_(wanted[start:start + STORE_CHUNK]))
        found.update({str(row.url): row for row in await uow.execute(query)})
    return found


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


# Pages per SELECT of the rows being stored, well inside both databases' parameter limits.
STORE_CHUNK = 500


async def store_checks(uow: UnitOfWork, checked: Sequence[tuple[Row[Any], CheckResult]]) -> dict[str, str]:
    """Store checks on their pages with a few statements for all of them; the health each page
    had before (a page deleted meanwhile is left out)."""
    ids = sorted({page.id for page, _ in checked})
    previous: dict[str, str] = {}
    for start in range(0, len(ids), STORE_CHUNK):
        # Lock the rows (in id order) so concurrent checks of one page see each other's transitions.
        locked = select(pages.c.id, pages.c.health).where(pages.c.id.in_(ids[start:start + STORE_CHUNK]))
        if uow.dialect == "postgresql":
            locked = locked.order_by(pages.c.id).with_for_update()
        previous.update({str(row.id): str(row.health) for row in await uow.execute(locked)})
    plain: list[dict[str, Any]] = []
    titled: list[dict[str, Any]] = []
    for page, result in checked:
        if page.id not in previous:
            continue
        values: dict[str, Any] = {
            "page_id": page.id, "v_health": result.health,
            "v_issues": [asdict(issue) for issue in result.issues], "v_score": result.score,
            "v_status_code": result.status_code, "v_response_ms": round(result.elapsed * 1000),
            "v_checked_at": result.checked_at,
        }
        if result.title and not page.title:
            titled.append({**values, "v_title": domain.printable(result.title)[:500]})
        else:
            plain.append(values)
    for rows, columns in ((plain, _STORED), (titled, (*_STORED, "title"))):
        if rows:
            statement = update(pages).where(pages.c.id == bindparam("page_id")).values(
                {column: bindparam(f"v_{column}", type_=pages.c[column].type) for column in columns})
            await uow.execute(statement, rows)
    return previous


_STORED = ("health", "issues", "score", "status_code", "response_ms", "checked_at")


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
