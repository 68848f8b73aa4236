"""Stock movements and the threshold crossings they cause."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from services.inventory import domain
from services.inventory.repository import catalog, stock
from services.inventory.repository.catalog import ItemRow
from services.inventory.repository.stock import DriftRow, MovementRow
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class RecordedMovement:
    movement: MovementRow
    level: domain.WarehouseView


async def record_movement(
    uow: UnitOfWork, sku: str, warehouse: str, delta: int, reason: str, reference: str | None
) -> RecordedMovement:
    """A movement asked for by the warehouse team, with the crossing it causes."""
    await catalog.require_warehouse(uow, warehouse)
    locked = await catalog.require_items(uow, [sku])
    recorded = await move_stock(uow, sku, warehouse, delta, reason, reference)
    await publish_crossings(uow, locked)
    return recorded


async def move_stock(
    uow: UnitOfWork, sku: str, warehouse: str, delta: int, reason: str, reference: str | None,
    reserved_delta: int = 0,
) -> RecordedMovement:
    """Record one ledger movement and the new level, publish `stock.changed`; the item must be
    locked by the caller."""
    level = await stock.read_level(uow, sku, warehouse) or await stock.insert_empty_level(uow, sku, warehouse)
    moved = domain.apply_movement(level, delta, reserved_delta)
    await stock.save_level(uow, moved)
    movement = await stock.add_movement(uow, sku, warehouse, delta, reason, reference, moved.on_hand,
                                        datetime.now(UTC))
    total = (await stock.total_available(uow, [sku]))[sku]
    uow.publish("inventory.stock.changed.v1", sku, {
        "sku": sku, "warehouse": warehouse, "delta": delta, "reason": reason, "reference": reference,
        "on_hand": moved.on_hand, "reserved": moved.reserved, "available": moved.available,
        "total_available": total,
    })
    return RecordedMovement(movement, domain.WarehouseView(warehouse, moved.on_hand, moved.reserved,
                                                           moved.available))


async def publish_crossings(uow: UnitOfWork, locked: dict[str, ItemRow]) -> None:
    """Store each SKU's new side of the threshold lines and publish the crossing it implies."""
    totals = await stock.total_available(uow, locked)
    for sku, item in sorted(locked.items()):
        total = totals[sku]
        state = domain.stock_state(total, item.low_stock_threshold)
        if state == item.stock_state:
            continue
        await catalog.set_stock_state(uow, sku, state)
        event = domain.crossing(item.stock_state, state)
        if event == "depleted":
            uow.publish("inventory.stock.depleted.v1", sku, {"sku": sku})
        elif event is not None:
            uow.publish(f"inventory.stock.{event}.v1", sku, {
                "sku": sku, "total_available": total, "threshold": item.low_stock_threshold,
            })


async def stock_drift(uow: UnitOfWork, after: tuple[str, str] | None, limit: int) -> list[DriftRow]:
    """Levels that disagree with the ledger or with the active reservations, a page at a time."""
    return await stock.drift_rows(uow, after, limit)
