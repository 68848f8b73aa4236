"""Stock queries and changes; callers own the transaction (nothing here commits).

Every change of stock first locks the item rows of all SKUs it touches, in sorted SKU order
(`SELECT ... FOR UPDATE` on PostgreSQL; SQLite transactions already hold the write lock), so
concurrent changes of the same SKUs queue instead of losing updates or deadlocking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from services.inventory import domain
from services.inventory.tables import items, movements, stock_levels, warehouses
from shared.errors import Conflict, NotFound
from shared.uow import UnitOfWork

MAX_ON_HAND = 2**31 - 1  # the stock columns are 32-bit integers


async def lock_items(uow: UnitOfWork, skus: Iterable[str]) -> dict[str, Row[Any]]:
    """Lock the items of these SKUs in a fixed order; unknown SKUs are absent from the result."""
    ordered = sorted(set(skus))
    statement = select(items).where(items.c.sku.in_(ordered)).order_by(items.c.sku).with_for_update()
    return {row.sku: row for row in (await uow.execute(statement)).all()}


async def require_items(uow: UnitOfWork, skus: Iterable[str]) -> dict[str, Row[Any]]:
    wanted = set(skus)
    locked = await lock_items(uow, wanted)
    missing = sorted(wanted - locked.keys())
    if missing:
        raise NotFound(f"Unknown SKU: {', '.join(missing)}.", skus=missing)
    return locked


async def require_warehouse(uow: UnitOfWork, code: str) -> None:
    found = (await uow.execute(select(warehouses.c.code).where(warehouses.c.code == code))).first()
    if found is None:
        raise NotFound(f"Unknown warehouse {code}.")


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


async def publish_crossings(uow: UnitOfWork, locked: dict[str, Row[Any]]) -> None:
    """Store each SKU's new side of the threshold lines and publish the crossing it implies."""
    totals = await total_available(uow, locked)
    for sku, item in sorted(locked.items()):
        total = totals[sku]
        state = domain.stock_state(total, item.low_stock_threshold)
        if state == item.stock_state:
            continue
        await uow.execute(update(items).where(items.c.sku == sku).values(stock_state=state))
        event = domain.crossing(item.stock_state, state)
        if event == "depleted":
            uow.publish("inventory.stock.depleted.v1", sku, {"sku": sku})
        elif event is not None:
            uow.publish(f"inventory.stock.{event}.v1", sku, {
                "sku": sku, "total_available": total, "threshold": item.low_stock_threshold,
            })


@dataclass(frozen=True)
class Level:
    sku: str
    warehouse: str
    on_hand: int
    reserved: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


async def read_level(uow: UnitOfWork, sku: str, warehouse: str) -> Level | None:
    row = (await uow.execute(select(stock_levels).where(
        and_(stock_levels.c.sku == sku, stock_levels.c.warehouse == warehouse)
    ))).first()
    return None if row is None else Level(sku, warehouse, row.on_hand, row.reserved)


async def change_reserved(uow: UnitOfWork, sku: str, warehouse: str, delta: int) -> None:
    """Reserve (delta > 0) or free (delta < 0) units; the caller has checked availability."""
    await uow.execute(update(stock_levels).where(
        and_(stock_levels.c.sku == sku, stock_levels.c.warehouse == warehouse)
    ).values(reserved=stock_levels.c.reserved + delta))


async def move_stock(
    uow: UnitOfWork, sku: str, warehouse: str, delta: int, reason: str, reference: str | None,
    reserved_delta: int = 0,
) -> dict[str, Any]:
    """Record one ledger movement and the new level; the item must be locked by the caller."""
    level = await read_level(uow, sku, warehouse)
    if level is None:
        level = Level(sku, warehouse, 0, 0)
        await uow.execute(stock_levels.insert().values(sku=sku, warehouse=warehouse, on_hand=0, reserved=0))
    on_hand, reserved = level.on_hand + delta, level.reserved + reserved_delta
    if on_hand < 0:
        raise Conflict(
            f"{sku} has {level.on_hand} on hand in {warehouse}; a movement of {delta} would make it "
            "negative.", on_hand=level.on_hand, reserved=level.reserved,
        )
    if on_hand > MAX_ON_HAND:
        raise Conflict(f"{sku} in {warehouse} cannot hold more than {MAX_ON_HAND} units.")
    if on_hand < reserved:
        raise Conflict(
            f"{sku} in {warehouse} has {level.on_hand} on hand of which {level.reserved} are reserved; "
            f"at most {level.available} can leave without a reservation.",
            on_hand=level.on_hand, reserved=level.reserved,
        )
    await uow.execute(update(stock_levels).where(
        and_(stock_levels.c.sku == sku, stock_levels.c.warehouse == warehouse)
    ).values(on_hand=on_hand, reserved=reserved))
    created_at = datetime.now(UTC)
    result = await uow.execute(movements.insert().values(
        sku=sku, warehouse=warehouse, delta=delta, reason=reason, reference=reference,
        on_hand_after=on_hand, created_at=created_at,
    ).returning(movements.c.id))
    total = (await total_available(uow, [sku]))[sku]
    uow.publish("inventory.stock.changed.v1", sku, {
        "sku": sku, "warehouse": warehouse, "delta": delta, "reason": reason, "reference": reference,
        "on_hand": on_hand, "reserved": reserved, "available": on_hand - reserved,
        "total_available": total,
    })
    return {
        "id": result.scalar_one(), "sku": sku, "warehouse": warehouse, "delta": delta,
        "reason": reason, "reference": reference, "on_hand_after": on_hand, "created_at": created_at,
        "level": {"warehouse": warehouse, "on_hand": on_hand, "reserved": reserved,
                  "available": on_hand - reserved},
    }


STOCK_QUERY = (
    select(items.c.sku, items.c.low_stock_threshold, stock_levels.c.warehouse,
           stock_levels.c.on_hand, stock_levels.c.reserved)
    .select_from(items.outerjoin(stock_levels, stock_levels.c.sku == items.c.sku))
)


async def stock_views(connection: AsyncConnection, skus: list[str]) -> dict[str, dict[str, Any]]:
    """Stock of these SKUs with per-warehouse figures, in one indexed query."""
    statement = STOCK_QUERY.where(items.c.sku.in_(skus)).order_by(items.c.sku, stock_levels.c.warehouse)
    return build_views((await connection.execute(statement)).all())


def build_views(rows: Iterable[Any]) -> dict[str, dict[str, Any]]:
    """Stock views from (sku, threshold, warehouse, on_hand, reserved) rows ordered by SKU."""
    views: dict[str, dict[str, Any]] = {}
    thresholds: dict[str, int] = {}
    for sku, threshold, warehouse, on_hand, reserved in rows:
        view = views.get(sku)
        if view is None:
            view = views[sku] = {"sku": sku, "on_hand": 0, "reserved": 0, "available": 0,
                                 "status": "", "warehouses": []}
            thresholds[sku] = threshold
        if warehouse is not None:
            view["on_hand"] += on_hand
            view["reserved"] += reserved
            view["warehouses"].append({"warehouse": warehouse, "on_hand": on_hand, "reserved": reserved,
                                       "available": on_hand - reserved})
    for sku, view in views.items():
        view["available"] = view["on_hand"] - view["reserved"]
        view["status"] = domain.stock_status(view["available"], thresholds[sku])
    return views
