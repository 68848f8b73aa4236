"""Warehouses, items and an item's movement ledger."""

from __future__ import annotations

from services.inventory.repository import catalog, stock
from services.inventory.repository.catalog import ItemRow, WarehouseRow
from services.inventory.repository.stock import MovementRow
from services.inventory.service.stock import publish_crossings
from shared.errors import NotFound
from shared.uow import UnitOfWork


async def put_warehouse(uow: UnitOfWork, code: str, name: str, country: str) -> bool:
    """Create or update a warehouse, publishing `warehouse.changed` when it is new or different;
    True when it is new."""
    warehouse = WarehouseRow(code, name, country)
    created = await catalog.insert_warehouse(uow, warehouse)
    if not created:
        if await catalog.lock_warehouse(uow, code) == warehouse:
            return False
        await catalog.update_warehouse(uow, warehouse)
    uow.publish("inventory.warehouse.changed.v1", code, {"code": code, "name": name, "country": country})
    return created


async def list_warehouses(uow: UnitOfWork, after_code: str | None, limit: int) -> list[WarehouseRow]:
    return await catalog.list_warehouses(uow, after_code, limit)


async def put_item(
    uow: UnitOfWork, sku: str, name: str, low_stock_threshold: int, safety_stock: int
) -> bool:
    """Create or update an item; a changed threshold is applied at once. True when it is new."""
    # A new item has no stock, so it starts on the depleted side of the lines: its first
    # stocking above the threshold is published as `replenished`.
    created = await catalog.insert_item(uow, sku, name, low_stock_threshold, safety_stock, "depleted")
    if not created:
        await catalog.update_item(uow, sku, name, low_stock_threshold, safety_stock)
        await publish_crossings(uow, await catalog.lock_items(uow, [sku]))
    return created


async def get_item(uow: UnitOfWork, sku: str) -> ItemRow:
    found = await catalog.get_item(uow, sku)
    if found is None:
        raise NotFound(f"No item {sku}.")
    return found


async def movements_of(uow: UnitOfWork, sku: str, before_id: int | None, limit: int) -> list[MovementRow]:
    """Up to `limit` movements of a known SKU, newest first, older than `before_id` if given."""
    if not await catalog.item_exists(uow, sku):
        raise NotFound(f"No item {sku}.")
    return await stock.movements_before(uow, sku, before_id, limit)
