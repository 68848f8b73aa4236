"""Delays of fulfilments: each reason fires `fulfilment.delayed` once while it lasts and
`fulfilment.delay_cleared` when what resolves it happens (shipping, a carrier scan, delivery).

The periodic sweep (background.py) finds fulfilments past a limit and checks each in its own
short transaction; a carrier exception is raised at once by the status change, not the sweep.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from services.inventory.domain import fulfilments as rules
from services.inventory.repository import fulfilments
from services.inventory.repository.fulfilments import Fulfilment
from shared.uow import UnitOfWork


async def open_reason(uow: UnitOfWork, fulfilment: Fulfilment, reason: str, since: datetime) -> bool:
    """Flag a delay reason; `delayed` is published only when it was not open yet."""
    if not await fulfilments.open_delay(uow, fulfilment.id, reason, since):
        return False
    uow.publish("inventory.fulfilment.delayed.v1", fulfilment.order_ref, {
        "fulfilment_id": fulfilment.id, "order_ref": fulfilment.order_ref,
        "warehouse": fulfilment.warehouse, "carrier": fulfilment.carrier, "reason": reason,
        "since": since,
    })
    return True


async def clear(uow: UnitOfWork, fulfilment: Fulfilment, reasons: Iterable[str]) -> None:
    """Clear these reasons where open, publishing `delay_cleared` for each."""
    for reason in sorted(reasons):
        if await fulfilments.close_delay(uow, fulfilment.id, reason):
            uow.publish("inventory.fulfilment.delay_cleared.v1", fulfilment.order_ref, {
                "fulfilment_id": fulfilment.id, "order_ref": fulfilment.order_ref, "reason": reason,
            })


async def candidates(uow: UnitOfWork, stalled_after: timedelta, limit: int) -> list[str]:
    """Fulfilments the sweep should look at now."""
    return await fulfilments.possibly_delayed(uow, datetime.now(UTC), stalled_after, limit)


async def sweep_one(uow: UnitOfWork, fulfilment_id: str, stalled_after: timedelta) -> int:
    """Flag the delay reasons due for one fulfilment (locked); how many were new."""
    found = await fulfilments.get(uow, fulfilment_id, lock=True)
    if found is None:
        return 0
    facts = rules.DelayFacts(found.status, found.ship_by, found.deliver_by, found.shipped_at,
                             found.latest_scan_at)
    raised = 0
    for reason, since in sorted(rules.due_delays(facts, datetime.now(UTC), stalled_after).items()):
        raised += await open_reason(uow, found, reason, since)
    return raised
