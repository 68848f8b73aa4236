"""Returns (RMA): requested -> approved | rejected -> received -> inspected -> restocked, or
inspected -> needs_attention when inventory refuses the inspection (received, inspected again)."""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime

from services.support import repository
from services.support.domain.returns import (
    Return,
    ReturnAction,
    ReturnLine,
    check_inspection,
    next_status,
    refuse_second_open_return,
)
from services.support.repository import open_returns
from services.support.schemas import InspectIn, ReturnIn
from services.support.service import catalog, return_trends
from services.support.settings import Settings
from shared.errors import NotFound
from shared.events.payloads import inventory
from shared.events.payloads.support import InspectedLine, RequestedLine, ReturnInspected, ReturnRequested
from shared.uow import UnitOfWork

log = logging.getLogger(__name__)


async def request_return(uow: UnitOfWork, settings: Settings, body: ReturnIn) -> Return:
    """A return in status `requested` of SKUs inventory knows, at most one open per order and SKU,
    published without the customer reference."""
    await catalog.require_known_skus(uow, [line.sku for line in body.lines])
    moment = datetime.now(UTC)
    return_id = str(uuid.uuid4())
    requested = Return(
        id=return_id, order_ref=body.order_ref, customer_ref=body.customer_ref, status="requested",
        warehouse=None, rejection_reason=None, created_at=moment, updated_at=moment,
        lines=[ReturnLine(return_id=return_id, sku=line.sku, reason=line.reason, requested_qty=line.qty,
                          comment=line.comment)
               for line in body.lines],
    )
    await repository.insert_return(uow, requested)
    for line in body.lines:
        while not await open_returns.claim(uow, body.order_ref, line.sku, return_id):
            held = await open_returns.holder(uow, body.order_ref, line.sku)
            if held is not None:  # else it closed meanwhile: claim again
                refuse_second_open_return(body.order_ref, line.sku, *held)
    uow.publish("support.return.requested.v1", return_id, ReturnRequested(
        return_id=return_id, order_ref=body.order_ref,
        lines=[RequestedLine(sku=line.sku, qty=line.qty, reason=line.reason, comment=line.comment)
               for line in body.lines],
    ))
    for line in body.lines:
        await return_trends.detect(uow, settings, line.sku, line.reason)
    # Read back: the lines come in the database's SKU order, as every other read gives them.
    return await read_return(uow, uuid.UUID(return_id))


async def list_returns(
    uow: UnitOfWork, status: str | None, limit: int, cursor: str | None
) -> tuple[list[Return], str | None]:
    return await repository.return_page(uow, status, limit, cursor)


async def read_return(uow: UnitOfWork, return_id: uuid.UUID) -> Return:
    found = await repository.get_return(uow, str(return_id))
    if found is None:
        raise NotFound(f"No return {return_id}.")
    return found


async def _locked(uow: UnitOfWork, return_id: uuid.UUID) -> Return:
    found = await repository.get_return(uow, str(return_id), lock=True)
    if found is None:
        raise NotFound(f"No return {return_id}.")
    return found


def _moved(found: Return, action: ReturnAction) -> Return:
    """The return moved on by `action`; refuses (409) what its status does not allow."""
    return replace(found, status=next_status(found.status, action), updated_at=datetime.now(UTC))


async def approve_return(uow: UnitOfWork, return_id: uuid.UUID) -> Return:
    approved = _moved(await _locked(uow, return_id), "approve")
    await repository.update_return(uow, approved)
    return approved


async def reject_return(uow: UnitOfWork, return_id: uuid.UUID, reason: str) -> Return:
    rejected = replace(_moved(await _locked(uow, return_id), "reject"), rejection_reason=reason)
    await repository.update_return(uow, rejected)
    await open_returns.release(uow, rejected.id)
    return rejected


async def receive_return(uow: UnitOfWork, return_id: uuid.UUID, warehouse: str) -> Return:
    """The goods arrived at a warehouse inventory knows (again, after a refusal)."""
    found = await _locked(uow, return_id)
    next_status(found.status, "receive")  # an illegal transition is a 409 before the warehouse is judged
    await catalog.require_known_warehouse(uow, warehouse)
    received = replace(_moved(found, "receive"), warehouse=warehouse)
    await repository.update_return(uow, received)
    return received


async def inspect_return(uow: UnitOfWork, return_id: uuid.UUID, body: InspectIn) -> Return:
    """Record resellable and damaged units per SKU and publish them for inventory to restock."""
    locked = await _locked(uow, return_id)
    found = _moved(locked, "inspect")
    inspected = check_inspection(found.requested, [(i.sku, i.qty, i.disposition) for i in body.lines],
                                 locked.status)
    by_sku = {t.sku: t for t in inspected}
    # A requested SKU missing from the inspection did not come back: zero of each.
    lines = [replace(line, resellable_qty=by_sku[line.sku].resellable if line.sku in by_sku else 0,
                     damaged_qty=by_sku[line.sku].damaged if line.sku in by_sku else 0)
             for line in found.lines]
    # A new inspection supersedes the refused one.
    found = replace(found, lines=lines, attention_reasons=[])
    await repository.update_return(uow, found)
    uow.publish("support.return.inspected.v1", found.id, ReturnInspected(
        return_id=found.id, warehouse=found.warehouse, lines=[
            InspectedLine(sku=t.sku, qty=qty, disposition=disposition)
            for t in inspected
            for qty, disposition in ((t.resellable, "resellable"), (t.damaged, "damaged"))
            if qty
        ],
    ))
    return found


async def close_processed_return(uow: UnitOfWork, processed: inventory.ReturnProcessed) -> None:
    """Inventory's answer to an inspected return closes it as restocked."""
    found = await repository.get_return(uow, processed.return_id, lock=True)
    if found is None or found.status != "inspected":
        # Another system's return, or an answer repeated after the return was closed.
        log.info("ignoring return.processed for return %s (%s)", processed.return_id,
                 "unknown" if found is None else found.status)
        return
    restocked: Counter[str] = Counter()
    written_off: Counter[str] = Counter()
    for line in processed.lines:
        (restocked if line.disposition == "restocked" else written_off)[line.sku] += line.qty
    closed = replace(_moved(found, "restock"), lines=[
        replace(line, restocked_qty=restocked[line.sku], written_off_qty=written_off[line.sku])
        for line in found.lines
    ])
    await repository.update_return(uow, closed)
    await open_returns.release(uow, closed.id)


async def flag_refused_return(uow: UnitOfWork, refused: inventory.ReturnRefused) -> None:
    """Inventory could not apply the inspection: the return needs an agent, with the reasons."""
    found = await repository.get_return(uow, refused.return_id, lock=True)
    if found is None or found.status != "inspected":
        # Another system's return, or an answer to an inspection that was superseded.
        log.info("ignoring return.refused for return %s (%s)", refused.return_id,
                 "unknown" if found is None else found.status)
        return
    flagged = replace(_moved(found, "flag"), attention_reasons=list(refused.reasons))
    await repository.update_return(uow, flagged)
