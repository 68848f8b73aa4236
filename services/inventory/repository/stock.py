"""Stock levels, the movement ledger, the storefront's stock views and the drift report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update

from services.inventory import domain
from services.inventory.domain import Level, StockView
from services.inventory.tables import items, movements, reservation_lines, reservations, stock_levels
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class MovementRow:
    id: int
    sku: str
    warehouse: str
    delta: int
    reason: str
    reference: str | None
    on_hand_after: int
    created_at: datetime


@dataclass(frozen=True)
class DriftRow:
    sku: str
    warehouse: str
    on_hand: int
    ledger_on_hand: int
    reserved: int
    reserved_by_active_reservations: int


async def available_by_warehouse(uow: UnitOfWork, skus: Iterable[str]) -> dict[str, dict[str, int]]:
    statement = select(stock_levels).where(stock_levels.c.sku.in_(sorted(set(skus))))
    result: dict[str, dict[str, int]] = {}
    for row in (await uow.execute(statement)).all():
        result.setdefault(row.sku, {})[row.warehouse] = row.on_hand - row.reserved
    return result


async def total_available(uow: UnitOfWork, skus: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(skus))
    statement = (
        select(stock_levels.c.sku, func.sum(stock_levels.c.on_hand - stock_levels.c.reserved))
        .where(stock_levels.c.sku.in_(wanted))
        .group_by(stock_levels.c.sku)
    )
    totals = {sku: 0 for sku in wanted}
    rows: list[Any] = list((await uow.execute(statement)).all())
    totals.update({sku: int(total or 0) for sku, total in rows})
    return totals


def _at(sku: str, warehouse: str) -> Any:
    return and_(stock_levels.c.sku == sku, stock_levels.c.warehouse == warehouse)


async def read_level(uow: UnitOfWork, sku: str, warehouse: str) -> Level | None:
    row = (await uow.execute(select(stock_levels).where(_at(sku, warehouse)))).first()
    return None if row is None else Level(sku, warehouse, row.on_hand, row.reserved)


async def insert_empty_level(uow: UnitOfWork, sku: str, warehouse: str) -> Level:
    await uow.execute(stock_levels.insert().values(sku=sku, warehouse=warehouse, on_hand=0, reserved=0))
    return Level(sku, warehouse, 0, 0)


async def save_level(uow: UnitOfWork, level: Level) -> None:
    await uow.execute(update(stock_levels).where(_at(level.sku, level.warehouse))
                      .values(on_hand=level.on_hand, reserved=level.reserved))


async def change_reserved(uow: UnitOfWork, sku: str, warehouse: str, delta: int) -> None:
    """Reserve (delta > 0) or free (delta < 0) units; the caller has checked availability."""
    await uow.execute(update(stock_levels).where(_at(sku, warehouse))
                      .values(reserved=stock_levels.c.reserved + delta))


async def add_movement(
    uow: UnitOfWork, sku: str, warehouse: str, delta: int, reason: str, reference: str | None,
    on_hand_after: int, created_at: datetime,
) -> MovementRow:
    result = await uow.execute(movements.insert().values(
        sku=sku, warehouse=warehouse, delta=delta, reason=reason, reference=reference,
        on_hand_after=on_hand_after, created_at=created_at,
    ).returning(movements.c.id))
    return MovementRow(result.scalar_one(), sku, warehouse, delta, reason, reference, on_hand_after,
                       created_at)


async def movements_before(uow: UnitOfWork, sku: str, before_id: int | None, limit: int) -> list[MovementRow]:
    """Up to `limit` movements of the SKU, newest first, older than `before_id` if given."""
    condition = movements.c.sku == sku
    if before_id is not None:
        condition = and_(condition, movements.c.id < before_id)
    rows = (await uow.execute(
        select(movements).where(condition).order_by(movements.c.id.desc()).limit(limit)
    )).all()
    return [MovementRow(row.id, row.sku, row.warehouse, row.delta, row.reason, row.reference,
                        row.on_hand_after, row.created_at) for row in rows]


async def shipped_since(uow: UnitOfWork, skus: list[str], since: datetime) -> dict[str, int]:
    """Units shipped per SKU since a moment."""
    statement = (
        select(movements.c.sku, func.sum(-movements.c.delta))
        .where(and_(movements.c.sku.in_(skus), movements.c.reason == "shipment",
                    movements.c.created_at >= since))
        .group_by(movements.c.sku)
    )
    rows: list[Any] = list((await uow.execute(statement)).all())
    return {sku: int(units or 0) for sku, units in rows}


STOCK_QUERY = (
    select(items.c.sku, items.c.low_stock_threshold, stock_levels.c.warehouse,
           stock_levels.c.on_hand, stock_levels.c.reserved)
    .select_from(items.outerjoin(stock_levels, stock_levels.c.sku == items.c.sku))
)

# The same query for the asyncpg fast path (service/stock_reads.py), which must answer alike.
STOCK_SQL = (
    "SELECT i.sku, i.low_stock_threshold, s.warehouse, s.on_hand, s.reserved "
    "FROM items i LEFT JOIN stock_levels s ON s.sku = i.sku "
    "WHERE i.sku = ANY($1::varchar[]) ORDER BY i.sku, s.warehouse"
)


async def stock_views(uow: UnitOfWork, skus: list[str]) -> dict[str, StockView]:
    """Stock of these SKUs with per-warehouse figures, in one indexed query; unknown SKUs are
    absent."""
    statement = STOCK_QUERY.where(items.c.sku.in_(skus)).order_by(items.c.sku, stock_levels.c.warehouse)
    return build_views((await uow.execute(statement)).all())


def build_views(rows: Iterable[Any]) -> dict[str, StockView]:
    """Stock views from (sku, threshold, warehouse, on_hand, reserved) rows ordered by SKU."""
    grouped: dict[str, tuple[int, list[Level]]] = {}
    for sku, threshold, warehouse, on_hand, reserved in rows:
        entry = grouped.get(sku)
        if entry is None:
            entry = grouped[sku] = (threshold, [])
        if warehouse is not None:
            entry[1].append(Level(sku, warehouse, on_hand, reserved))
    return {sku: domain.stock_view(sku, threshold, levels) for sku, (threshold, levels) in grouped.items()}


async def drift_rows(uow: UnitOfWork, after: tuple[str, str] | None, limit: int) -> list[DriftRow]:
    """Up to `limit` levels whose on hand differs from the ledger or whose reserved differs from
    the active reservations, by (SKU, warehouse), after the keyset `after` if given."""
    ledger = (
        select(movements.c.sku, movements.c.warehouse, func.sum(movements.c.delta).label("units"))
        .group_by(movements.c.sku, movements.c.warehouse)
        .subquery()
    )
    held = (
        select(reservation_lines.c.sku, reservation_lines.c.warehouse,
               func.sum(reservation_lines.c.qty).label("units"))
        .select_from(reservation_lines.join(reservations,
                                            reservations.c.id == reservation_lines.c.reservation_id))
        .where(reservations.c.status == "active")
        .group_by(reservation_lines.c.sku, reservation_lines.c.warehouse)
        .subquery()
    )
    ledger_units = func.coalesce(ledger.c.units, 0)
    held_units = func.coalesce(held.c.units, 0)
    statement = (
        select(stock_levels.c.sku, stock_levels.c.warehouse, stock_levels.c.on_hand,
               ledger_units.label("ledger_on_hand"), stock_levels.c.reserved,
               held_units.label("reserved_by_active_reservations"))
        .select_from(
            stock_levels
            .outerjoin(ledger, and_(ledger.c.sku == stock_levels.c.sku,
                                    ledger.c.warehouse == stock_levels.c.warehouse))
            .outerjoin(held, and_(held.c.sku == stock_levels.c.sku,
                                  held.c.warehouse == stock_levels.c.warehouse))
        )
        .where(or_(stock_levels.c.on_hand != ledger_units, stock_levels.c.reserved != held_units))
        .order_by(stock_levels.c.sku, stock_levels.c.warehouse)
        .limit(limit)
    )
    if after is not None:
        sku, warehouse = after
        statement = statement.where(or_(stock_levels.c.sku > sku, and_(
            stock_levels.c.sku == sku, stock_levels.c.warehouse > warehouse)))
    return [DriftRow(row.sku, row.warehouse, row.on_hand, int(row.ledger_on_hand), row.reserved,
                     int(row.reserved_by_active_reservations))
            for row in (await uow.execute(statement)).all()]
