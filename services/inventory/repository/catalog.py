"""Warehouses and items."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Row

from services.inventory.domain import StockState
from services.inventory.tables import items, warehouses
from shared.errors import NotFound
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class WarehouseRow:
    code: str
    name: str
    country: str


@dataclass(frozen=True)
class ItemRow:
    sku: str
    name: str
    low_stock_threshold: int
    safety_stock: int
    stock_state: StockState


def _item(row: Row[Any]) -> ItemRow:
    return ItemRow(row.sku, row.name, row.low_stock_threshold, row.safety_stock, row.stock_state)


async def insert_warehouse(uow: UnitOfWork, warehouse: WarehouseRow) -> bool:
    """True when the warehouse was new."""
    return await uow.insert_ignoring_duplicates(
        warehouses, {"code": warehouse.code, "name": warehouse.name, "country": warehouse.country}
    )


async def update_warehouse(uow: UnitOfWork, warehouse: WarehouseRow) -> None:
    await uow.execute(update(warehouses).where(warehouses.c.code == warehouse.code)
                      .values(name=warehouse.name, country=warehouse.country))


async def list_warehouses(uow: UnitOfWork, after_code: str | None, limit: int) -> list[WarehouseRow]:
    """Up to `limit` warehouses by code, after `after_code` if given."""
    statement = select(warehouses).order_by(warehouses.c.code).limit(limit)
    if after_code is not None:
        statement = statement.where(warehouses.c.code > after_code)
    rows = (await uow.execute(statement)).all()
    return [WarehouseRow(row.code, row.name, row.country) for row in rows]


async def lock_warehouse(uow: UnitOfWork, code: str) -> WarehouseRow | None:
    statement = select(warehouses).where(warehouses.c.code == code).with_for_update()
    row = (await uow.execute(statement)).first()
    return None if row is None else WarehouseRow(row.code, row.name, row.country)


async def warehouse_exists(uow: UnitOfWork, code: str) -> bool:
    found = (await uow.execute(select(warehouses.c.code).where(warehouses.c.code == code))).first()
    return found is not None


async def require_warehouse(uow: UnitOfWork, code: str) -> None:
    if not await warehouse_exists(uow, code):
        raise NotFound(f"Unknown warehouse {code}.")


async def insert_item(
    uow: UnitOfWork, sku: str, name: str, low_stock_threshold: int, safety_stock: int, stock_state: StockState
) -> bool:
    """True when the item was new."""
    return await uow.insert_ignoring_duplicates(items, {
        "sku": sku, "name": name, "low_stock_threshold": low_stock_threshold,
        "safety_stock": safety_stock, "stock_state": stock_state,
    })


async def update_item(
    uow: UnitOfWork, sku: str, name: str, low_stock_threshold: int, safety_stock: int
) -> None:
    await uow.execute(update(items).where(items.c.sku == sku).values(
        name=name, low_stock_threshold=low_stock_threshold, safety_stock=safety_stock
    ))


async def set_stock_state(uow: UnitOfWork, sku: str, state: StockState) -> None:
    await uow.execute(update(items).where(items.c.sku == sku).values(stock_state=state))


async def get_item(uow: UnitOfWork, sku: str) -> ItemRow | None:
    row = (await uow.execute(select(items).where(items.c.sku == sku))).first()
    return None if row is None else _item(row)


async def item_exists(uow: UnitOfWork, sku: str) -> bool:
    return (await uow.execute(select(items.c.sku).where(items.c.sku == sku))).first() is not None


async def items_of(uow: UnitOfWork, skus: Iterable[str]) -> dict[str, ItemRow]:
    """The known items among these SKUs, without locking them."""
    statement = select(items).where(items.c.sku.in_(sorted(set(skus))))
    return {row.sku: _item(row) for row in (await uow.execute(statement)).all()}


async def lock_items(uow: UnitOfWork, skus: Iterable[str]) -> dict[str, ItemRow]:
    """Lock the items of these SKUs in a fixed order; unknown SKUs are absent from the result."""
    ordered = sorted(set(skus))
    statement = select(items).where(items.c.sku.in_(ordered)).order_by(items.c.sku).with_for_update()
    return {row.sku: _item(row) for row in (await uow.execute(statement)).all()}


async def require_items(uow: UnitOfWork, skus: Iterable[str]) -> dict[str, ItemRow]:
    """Lock the items of these SKUs; any unknown SKU is a 404 naming them all."""
    wanted = set(skus)
    locked = await lock_items(uow, wanted)
    missing = sorted(wanted - locked.keys())
    if missing:
        raise NotFound(f"Unknown SKU: {', '.join(missing)}.", skus=missing)
    return locked
