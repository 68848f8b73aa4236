"""Inventory's answer to an inspected return closes it as restocked."""

from __future__ import annotations

import logging
from collections import Counter

from services.support.domain.returns import next_status
from services.support.repository import get_return, now
from services.support.tables import return_lines, returns
from shared.events import Envelope
from shared.events.payloads import inventory
from shared.uow import UnitOfWork

log = logging.getLogger(__name__)


async def on_return_processed(event: Envelope, uow: UnitOfWork) -> None:
    data = event.payload(inventory.ReturnProcessed)
    found = await get_return(uow, data.return_id, lock=True)
    if found is None or found["status"] != "inspected":
        # Another system's return, or an answer repeated after the return was closed.
        log.info("ignoring return.processed for return %s (%s)", data.return_id,
                 "unknown" if found is None else found["status"])
        return
    restocked: Counter[str] = Counter()
    written_off: Counter[str] = Counter()
    for line in data.lines:
        (restocked if line.disposition == "restocked" else written_off)[line.sku] += line.qty
    for line in found["lines"]:
        await uow.execute(return_lines.update().where(
            return_lines.c.return_id == data.return_id, return_lines.c.sku == line["sku"],
        ).values(restocked_qty=restocked[line["sku"]], written_off_qty=written_off[line["sku"]]))
    await uow.execute(returns.update().where(returns.c.id == data.return_id).values(
        status=next_status(found["status"], "restock"), updated_at=now(),
    ))
