"""Inspected returns: restock what can be sold again, write off the rest, or refuse the
inspection when inventory cannot apply it (an unknown warehouse or SKU, or a restock the stock
rules refuse, such as more units than a stock level can hold).

A refusal is an answer to support (`inventory.return.refused.v1`), never a dead letter, and it
changes nothing else: the return is not recorded as processed, so support's corrected inspection
of the same return (a new event) is still applied.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from services.inventory import domain
from services.inventory.repository import catalog, returns, stock
from services.inventory.service.stock import move_stock, publish_crossings
from shared.errors import Conflict
from shared.events.payloads.inventory import ProcessedLine
from shared.events.payloads.support import InspectedLine, ReturnInspected
from shared.uow import UnitOfWork

log = logging.getLogger(__name__)


async def process_inspected_return(uow: UnitOfWork, inspected: ReturnInspected, event_id: str) -> None:
    """Apply an inspection once per return; refuse one naming what inventory does not know.

    The return id, not the event id, makes processing idempotent: support may emit the same
    inspection again under a new event id.
    """
    if await returns.was_processed(uow, inspected.return_id):
        log.info("return %s was processed before; inspection event %s changes nothing",
                 inspected.return_id, event_id)
        return
    reasons = await _refusals(uow, inspected)
    restocked = [line for line in inspected.lines if line.disposition == "resellable" and line.qty > 0]
    locked: dict[str, catalog.ItemRow] = {}
    if restocked and not reasons:
        locked = await catalog.lock_items(uow, [line.sku for line in restocked])
        reasons = await _restock_refusals(uow, inspected.warehouse, restocked)
    if reasons:
        await _refuse(uow, inspected.return_id, event_id, reasons)
        return
    lines = [ProcessedLine(sku=line.sku, qty=line.qty,
                           disposition="restocked" if line.disposition == "resellable" else "written_off")
             for line in inspected.lines]
    if not await returns.record_return(uow, inspected.return_id, inspected.warehouse, lines,
                                       datetime.now(UTC)):
        return
    if restocked:
        for line in restocked:
            await move_stock(uow, line.sku, inspected.warehouse, line.qty, "return_restock",
                             inspected.return_id)
        await publish_crossings(uow, locked)
    uow.publish("inventory.return.processed.v1", inspected.return_id, {
        "return_id": inspected.return_id, "warehouse": inspected.warehouse, "lines": lines,
    })


async def _refusals(uow: UnitOfWork, inspected: ReturnInspected) -> list[str]:
    """What keeps inventory from applying the inspection, in words a support agent can act on."""
    reasons = []
    if not await catalog.warehouse_exists(uow, inspected.warehouse):
        reasons.append(f"warehouse {inspected.warehouse} is unknown to inventory")
    skus = sorted({line.sku for line in inspected.lines})
    known = await catalog.items_of(uow, skus)
    reasons.extend(f"SKU {sku} is unknown to inventory" for sku in skus if sku not in known)
    return reasons


async def _restock_refusals(uow: UnitOfWork, warehouse: str, restocked: list[InspectedLine]) -> list[str]:
    """The stock rules checked before anything moves (the items are locked): a refused movement
    becomes a reason for support, not a failed event."""
    units: dict[str, int] = {}
    for line in restocked:
        units[line.sku] = units.get(line.sku, 0) + line.qty
    reasons = []
    for sku, qty in sorted(units.items()):
        level = await stock.read_level(uow, sku, warehouse) or domain.Level(sku, warehouse, 0, 0)
        try:
            domain.apply_movement(level, qty)
        except Conflict as refused:
            reasons.append(f"restocking {qty} units of {sku} in {warehouse} was refused: {refused.detail}")
    return reasons


async def _refuse(uow: UnitOfWork, return_id: str, event_id: str, reasons: list[str]) -> None:
    if not await returns.record_refusal(uow, event_id, return_id, reasons, datetime.now(UTC)):
        return
    log.info("return %s refused: %s", return_id, "; ".join(reasons))
    uow.publish("inventory.return.refused.v1", return_id, {"return_id": return_id, "reasons": reasons})
