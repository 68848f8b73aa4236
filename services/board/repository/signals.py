"""What the other teams' topics say: stock, pages, advisories, trends, returns, fulfilments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, func, or_, select, update

from services.board.repository.rows import (
    AdvisoryRow,
    FulfilmentRow,
    PageRow,
    ReturnRow,
    SkuStockRow,
    TrendRow,
)
from services.board.tables import (
    advisories,
    campaigns,
    fulfilments,
    pages,
    returns,
    sku_stock,
    stock_points,
    trends,
    warehouses,
)
from shared.uow import UnitOfWork

RISKY_STATES = ("low", "depleted")


async def _upsert(uow: UnitOfWork, table: Table, key: str, key_value: str, values: dict[str, Any]) -> None:
    changed = await uow.execute(update(table).where(table.c[key] == key_value).values(**values))
    if not changed.rowcount:
        await uow.insert_ignoring_duplicates(table, {**values, key: key_value})


async def set_stock(uow: UnitOfWork, sku: str, values: dict[str, Any]) -> None:
    await _upsert(uow, sku_stock, "sku", sku, values)


async def add_stock_point(uow: UnitOfWork, sku: str, warehouse: str, total: int, at: datetime) -> None:
    await uow.execute(stock_points.insert().values(sku=sku, warehouse=warehouse, total_available=total,
                                                   occurred_at=at))


async def stock_state(uow: UnitOfWork, sku: str) -> str | None:
    found = (await uow.execute(select(sku_stock.c.state).where(sku_stock.c.sku == sku))).scalar()
    return None if found is None else str(found)


async def risky_stock(uow: UnitOfWork, limit: int) -> list[SkuStockRow]:
    rows = (await uow.execute(
        select(sku_stock).where(sku_stock.c.state.in_(RISKY_STATES)).order_by(sku_stock.c.sku).limit(limit)
    )).all()
    return [SkuStockRow(r.sku, r.total_available, r.threshold, r.state) for r in rows]


async def stock_of(uow: UnitOfWork, skus: Sequence[str]) -> dict[str, SkuStockRow]:
    rows = (await uow.execute(select(sku_stock).where(sku_stock.c.sku.in_(list(skus))))).all()
    return {r.sku: SkuStockRow(r.sku, r.total_available, r.threshold, r.state) for r in rows}


async def stock_overview(uow: UnitOfWork, limit: int, points: int) -> list[SkuStockRow]:
    """Every known SKU (the first `limit`) with its latest `points` total levels, oldest first:
    two queries however many SKUs are shown."""
    rows = (await uow.execute(select(sku_stock).order_by(sku_stock.c.sku).limit(limit))).all()
    newest_first = (
        select(stock_points.c.sku, stock_points.c.total_available, func.row_number().over(
            partition_by=stock_points.c.sku, order_by=stock_points.c.id.desc()).label("age"))
        .where(stock_points.c.sku.in_([r.sku for r in rows]))
        .subquery()
    )
    levels: dict[str, list[int]] = {}
    for point in (await uow.execute(
        select(newest_first.c.sku, newest_first.c.total_available).where(newest_first.c.age <= points)
        .order_by(newest_first.c.sku, newest_first.c.age.desc())
    )).all():
        levels.setdefault(point.sku, []).append(int(point.total_available))
    return [SkuStockRow(r.sku, r.total_available, r.threshold, r.state, levels.get(r.sku, []))
            for r in rows]


async def set_page(uow: UnitOfWork, page_id: str, values: dict[str, Any]) -> None:
    await _upsert(uow, pages, "page_id", page_id, values)


async def broken_pages(uow: UnitOfWork, limit: int) -> list[PageRow]:
    rows = (await uow.execute(
        select(pages).where(pages.c.broken.is_(True)).order_by(pages.c.updated_at.desc()).limit(limit)
    )).all()
    return [PageRow(r.page_id, r.url, r.kind, r.sku, list(r.issues), r.updated_at) for r in rows]


async def set_advisory(uow: UnitOfWork, advisory_id: str, values: dict[str, Any]) -> None:
    await _upsert(uow, advisories, "advisory_id", advisory_id, values)


async def current_advisories(uow: UnitOfWork, now: datetime, limit: int) -> list[AdvisoryRow]:
    """The newest advisories still in force: not past their validity, and a campaign's advisory
    not once the board knows that campaign ended, was cancelled or ran past its end."""
    campaign_running = and_(campaigns.c.status.not_in(("ended", "cancelled")), campaigns.c.ends_at > now)
    rows = (await uow.execute(
        select(advisories).outerjoin(campaigns, campaigns.c.campaign_id == advisories.c.campaign_id)
        .where(or_(advisories.c.valid_until.is_(None), advisories.c.valid_until > now))
        .where(or_(advisories.c.kind != "campaign_launch", campaigns.c.campaign_id.is_(None),
                   campaign_running))
        .order_by(advisories.c.published_at.desc()).limit(limit)
    )).all()
    return [AdvisoryRow(r.advisory_id, r.kind, r.severity, r.title, r.campaign_id, list(r.skus),
                        r.published_at, r.valid_until) for r in rows]


async def end_advisories(uow: UnitOfWork, kind: str, sku: str, at: datetime, limit: int = 100) -> None:
    """Advisories of this kind about this SKU, still open, end at `at` (their cause went away)."""
    open_ones = (await uow.execute(
        select(advisories.c.advisory_id, advisories.c.skus)
        .where(advisories.c.kind == kind, advisories.c.valid_until.is_(None)).limit(limit)
    )).all()
    ending = [row.advisory_id for row in open_ones if sku in (row.skus or [])]
    if ending:
        await uow.execute(
            update(advisories).where(advisories.c.advisory_id.in_(ending)).values(valid_until=at)
        )


async def add_trend(uow: UnitOfWork, values: dict[str, Any]) -> None:
    await uow.execute(trends.insert().values(**values))


async def recent_trends(uow: UnitOfWork, kind: str, limit: int) -> list[TrendRow]:
    rows = (await uow.execute(
        select(trends).where(trends.c.kind == kind).order_by(trends.c.detected_at.desc()).limit(limit)
    )).all()
    return [TrendRow(r.kind, r.topic, r.sku, r.url, r.occurrences, r.window_days, list(r.samples),
                     r.detected_at) for r in rows]


async def set_return(uow: UnitOfWork, return_id: str, values: dict[str, Any]) -> None:
    await _upsert(uow, returns, "return_id", return_id, values)


async def recent_returns(uow: UnitOfWork, statuses: Sequence[str], limit: int) -> list[ReturnRow]:
    rows = (await uow.execute(
        select(returns).where(returns.c.status.in_(list(statuses)))
        .order_by(returns.c.updated_at.desc()).limit(limit)
    )).all()
    return [ReturnRow(r.return_id, r.order_ref, r.status, r.warehouse, list(r.lines), list(r.reasons),
                      r.updated_at) for r in rows]


async def set_warehouse(uow: UnitOfWork, code: str, values: dict[str, Any]) -> None:
    await _upsert(uow, warehouses, "code", code, values)


async def warehouse_codes(uow: UnitOfWork, limit: int) -> list[str]:
    return [str(c) for c in (await uow.execute(
        select(warehouses.c.code).order_by(warehouses.c.code).limit(limit))).scalars()]


async def set_fulfilment(uow: UnitOfWork, fulfilment_id: str, values: dict[str, Any]) -> None:
    """Values that are None keep what the row has (a new row: not delayed, status unknown)."""
    given = {key: value for key, value in values.items() if value is not None}
    changed = await uow.execute(
        update(fulfilments).where(fulfilments.c.fulfilment_id == fulfilment_id).values(**given)
    )
    if not changed.rowcount:
        await uow.insert_ignoring_duplicates(fulfilments, {
            "status": "unknown", "delayed": False, **given, "fulfilment_id": fulfilment_id,
        })


async def delay_of(uow: UnitOfWork, fulfilment_id: str) -> tuple[list[str], datetime | None]:
    """The open delay reasons of a fulfilment and since when it is delayed."""
    row = (await uow.execute(
        select(fulfilments.c.delay_reasons, fulfilments.c.delayed_since)
        .where(fulfilments.c.fulfilment_id == fulfilment_id)
    )).first()
    return ([], None) if row is None else (list(row.delay_reasons or []), row.delayed_since)


async def delayed_fulfilments(uow: UnitOfWork, limit: int) -> list[FulfilmentRow]:
    rows = (await uow.execute(
        select(fulfilments).where(fulfilments.c.delayed.is_(True))
        .order_by(fulfilments.c.delayed_since).limit(limit)
    )).all()
    return [FulfilmentRow(r.fulfilment_id, r.order_ref, r.warehouse, r.status, r.carrier, r.tracking_url,
                          list(r.delay_reasons or []), r.delayed_since) for r in rows]
