"""Returns already processed, which makes processing a return idempotent."""

from __future__ import annotations

from datetime import datetime

from services.inventory.tables import processed_returns
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
