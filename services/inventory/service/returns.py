"""Inspected returns: restock what can be sold again, write off the rest."""

from __future__ import annotations

from datetime import UTC, datetime

from services.inventory.repository import catalog, returns
from services.inventory.service.stock import move_stock, publish_crossings
from shared.events.payloads.inventory import ProcessedLine
from shared.events.payloads.support import ReturnInspected
from shared.uow import UnitOfWork


async def process_inspected_return(uow: UnitOfWork, inspected: ReturnInspected) -> None:
    """Restock resellable lines, write off damaged ones; a return already processed is left alone.

    The return id, not the event id, makes this idempotent: support may emit the same inspection
    again under a new event id.
    """
    lines = [ProcessedLine(sku=line.sku, qty=line.qty,
                           disposition="restocked" if line.disposition == "resellable" else "written_off")
             for line in inspected.lines]
    if not await returns.record_return(uow, inspected.return_id, inspected.warehouse, lines,
                                       datetime.now(UTC)):
        return
    restocked = [line for line in inspected.lines if line.disposition == "resellable" and line.qty > 0]
    if restocked:
        await catalog.require_warehouse(uow, inspected.warehouse)
        locked = await catalog.require_items(uow, [line.sku for line in restocked])
        for line in restocked:
            await move_stock(uow, line.sku, inspected.warehouse, line.qty, "return_restock",
                             inspected.return_id)
        await publish_crossings(uow, locked)
    uow.publish("inventory.return.processed.v1", inspected.return_id, {
        "return_id": inspected.return_id, "warehouse": inspected.warehouse, "lines": lines,
    })
