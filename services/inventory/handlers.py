"""Event handlers of the inventory service; HANDLERS at the bottom lists its subscriptions."""

from __future__ import annotations

from datetime import UTC, datetime

from services.inventory import campaign_checks, repository
from services.inventory.tables import processed_returns
from shared.events import Envelope
from shared.events.payloads.marketing import EndedOrCancelled, Launched, LaunchRequested
from shared.events.payloads.support import ReturnInspected
from shared.inbox import HandlerTable
from shared.uow import UnitOfWork


async def check_campaign_stock(event: Envelope, uow: UnitOfWork) -> None:
    await campaign_checks.run_check(uow, event.payload(LaunchRequested))


async def remember_launched_campaign(event: Envelope, uow: UnitOfWork) -> None:
    launched = event.payload(Launched)
    await campaign_checks.remember_campaign(uow, launched.campaign_id, "live", launched.starts_at,
                                            launched.ends_at)


async def forget_ended_campaign(event: Envelope, uow: UnitOfWork) -> None:
    closed = event.payload(EndedOrCancelled)
    status = "ended" if event.type == "marketing.campaign.ended.v1" else "cancelled"
    await campaign_checks.remember_campaign(uow, closed.campaign_id, status)


async def process_inspected_return(event: Envelope, uow: UnitOfWork) -> None:
    """Restock resellable lines, write off damaged ones; a return already processed is left alone.

    The return id, not the event id, makes this idempotent: support may emit the same inspection
    again under a new event id.
    """
    inspected = event.payload(ReturnInspected)
    lines = [{"sku": line.sku, "qty": line.qty,
              "disposition": "restocked" if line.disposition == "resellable" else "written_off"}
             for line in inspected.lines]
    first_time = await uow.insert_ignoring_duplicates(processed_returns, {
        "return_id": inspected.return_id, "warehouse": inspected.warehouse, "lines": lines,
        "processed_at": datetime.now(UTC),
    })
    if not first_time:
        return
    restocked = [line for line in inspected.lines if line.disposition == "resellable" and line.qty > 0]
    if restocked:
        await repository.require_warehouse(uow, inspected.warehouse)
        locked = await repository.require_items(uow, [line.sku for line in restocked])
        for line in restocked:
            await repository.move_stock(uow, line.sku, inspected.warehouse, line.qty, "return_restock",
                                        inspected.return_id)
        await repository.publish_crossings(uow, locked)
    uow.publish("inventory.return.processed.v1", inspected.return_id, {
        "return_id": inspected.return_id, "warehouse": inspected.warehouse, "lines": lines,
    })


HANDLERS: HandlerTable = {
    "marketing.campaign.launch_requested.v1": [check_campaign_stock],
    "marketing.campaign.launched.v1": [remember_launched_campaign],
    "marketing.campaign.ended.v1": [forget_ended_campaign],
    "marketing.campaign.cancelled.v1": [forget_ended_campaign],
    "support.return.inspected.v1": [process_inspected_return],
}
