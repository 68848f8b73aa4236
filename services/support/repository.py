"""Queries of the support service; they run inside a unit of work and never commit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, RowMapping, Select, Table, and_, or_, select

from services.support.tables import advisories, campaigns, return_lines, returns, tickets, trend_windows
from shared.errors import Invalid
from shared.http.pagination import decode_cursor, page_of
from shared.uow import UnitOfWork


def utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored here is UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def now() -> datetime:
    return datetime.now(UTC)


def _aware(row: RowMapping) -> dict[str, Any]:
    return {k: utc(v) if isinstance(v, datetime) else v for k, v in row.items()}


async def _one(uow: UnitOfWork, query: Select[Any]) -> dict[str, Any] | None:
    row = (await uow.execute(query)).mappings().first()
    return _aware(row) if row is not None else None


async def newest_first_page(
    uow: UnitOfWork, table: Table, conditions: list[ColumnElement[bool]], limit: int, cursor: str | None,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of `table` ordered by (created_at, id) descending, after an opaque cursor."""
    query = select(table).where(*conditions)
    after = decode_cursor(cursor, 2)
    if after is not None:
        try:
            created_at, last_id = utc(datetime.fromisoformat(str(after[0]))), str(after[1])
        except ValueError as error:
            raise Invalid("The cursor is not one this API issued.") from error
        query = query.where(or_(
            table.c.created_at < created_at,
            and_(table.c.created_at == created_at, table.c.id < last_id),
        ))
    query = query.order_by(table.c.created_at.desc(), table.c.id.desc()).limit(limit + 1)
    rows = [_aware(r) for r in (await uow.execute(query)).mappings().all()]
    return page_of(rows, limit, lambda r: [r["created_at"].isoformat(), r["id"]])


async def get_ticket(uow: UnitOfWork, ticket_id: str) -> dict[str, Any] | None:
    return await _one(uow, select(tickets).where(tickets.c.id == ticket_id))


async def get_return(uow: UnitOfWork, return_id: str, lock: bool = False) -> dict[str, Any] | None:
    """The return with its `lines`; `lock` holds its row until the transaction ends."""
    query = select(returns).where(returns.c.id == return_id)
    found = await _one(uow, query.with_for_update() if lock else query)
    if found is not None:
        lines = await uow.execute(
            select(return_lines).where(return_lines.c.return_id == return_id).order_by(return_lines.c.sku)
        )
        found["lines"] = [dict(line) for line in lines.mappings().all()]
    return found


async def returns_with_lines(uow: UnitOfWork, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [r["id"] for r in rows]
    lines: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    if ids:
        query = select(return_lines).where(return_lines.c.return_id.in_(ids)).order_by(return_lines.c.sku)
        for line in (await uow.execute(query)).mappings().all():
            lines[line["return_id"]].append(dict(line))
    return [{**r, "lines": lines[r["id"]]} for r in rows]


async def get_advisory(uow: UnitOfWork, advisory_id: str) -> dict[str, Any] | None:
    return await _one(uow, select(advisories).where(advisories.c.id == advisory_id))


async def advisory_by_key(uow: UnitOfWork, dedup_key: str) -> dict[str, Any] | None:
    return await _one(uow, select(advisories).where(advisories.c.dedup_key == dedup_key).with_for_update())


async def get_campaign(uow: UnitOfWork, campaign_id: str) -> dict[str, Any] | None:
    return await _one(uow, select(campaigns).where(campaigns.c.id == campaign_id).with_for_update())


async def live_campaigns_with(uow: UnitOfWork, sku: str | None) -> list[dict[str, Any]]:
    """Live campaigns advertising `sku` (JSON is filtered here: the list is short)."""
    if sku is None:
        return []
    rows = (await uow.execute(
        select(campaigns).where(campaigns.c.status == "live").order_by(campaigns.c.id)
    )).mappings().all()
    return [_aware(r) for r in rows if any(item["sku"] == sku for item in r["items"])]


async def lock_trend_window(
    uow: UnitOfWork, key: str, topic: str, sku: str | None, url: str | None
) -> dict[str, Any]:
    """The trend row of a (topic, target) pair, created if needed and locked for this transaction."""
    await uow.insert_ignoring_duplicates(trend_windows, {"key": key, "topic": topic, "sku": sku, "url": url})
    row = await _one(uow, select(trend_windows).where(trend_windows.c.key == key).with_for_update())
    assert row is not None
    return row


async def recent_tickets(
    uow: UnitOfWork, topic: str, sku: str | None, url: str | None, since: datetime
) -> list[dict[str, Any]]:
    target = tickets.c.sku == sku if sku is not None else tickets.c.page_url == url
    query = (
        select(tickets.c.subject, tickets.c.created_at)
        .where(tickets.c.topic == topic, target, tickets.c.created_at >= since)
        .order_by(tickets.c.created_at.desc())
    )
    return [_aware(r) for r in (await uow.execute(query)).mappings().all()]
