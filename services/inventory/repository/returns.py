"""Returns already processed (which makes processing a return idempotent) and inspections
refused."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from services.inventory.tables import processed_returns, return_refusals
from shared.events.payloads.inventory import ProcessedLine
from shared.uow import UnitOfWork


async def record_return(
    uow: UnitOfWork, return_id: str, warehouse: str, lines: list[ProcessedLine], processed_at: datetime
) -> bool:
    """True the first time this return is recorded."""
    return await uow.insert_ignoring_duplicates(processed_returns, {
        "return_id": return_id, "warehouse": warehouse,
        "lines": [line.model_dump(mode="json") for line in lines], "processed_at": processed_at,
    })


async def was_processed(uow: UnitOfWork, return_id: str) -> bool:
    statement = select(processed_returns.c.return_id).where(processed_returns.c.return_id == return_id)
    return (await uow.execute(statement)).first() is not None


async def record_refusal(
    uow: UnitOfWork, event_id: str, return_id: str, reasons: list[str], refused_at: datetime
) -> bool:
    """True the first time this inspection event is refused."""
    return await uow.insert_ignoring_duplicates(return_refusals, {
        "event_id": event_id, "return_id": return_id, "reasons": reasons, "refused_at": refused_at,
    })
