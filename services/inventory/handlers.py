"""Event handlers of the inventory service; `handlers(settings)` at the bottom lists its
subscriptions."""

from __future__ import annotations

from services.inventory.service import campaign_checks, quality, returns
from services.inventory.settings import Settings
from shared.events import Envelope
from shared.events.payloads.marketing import EndedOrCancelled, Launched, LaunchRequested, Scheduled
from shared.events.payloads.support import ReturnInspected, ReturnTrendDetected
from shared.inbox import HandlerTable
from shared.uow import UnitOfWork


async def check_campaign_stock(event: Envelope, uow: UnitOfWork) -> None:
    await campaign_checks.run_check(uow, event.payload(LaunchRequested))


async def remember_launched_campaign(event: Envelope, uow: UnitOfWork) -> None:
    launched = event.payload(Launched)
    await campaign_checks.remember_campaign(uow, launched.campaign_id, "live", launched.starts_at,
                                            launched.ends_at)


async def remember_scheduled_campaign(event: Envelope, uow: UnitOfWork) -> None:
    scheduled = event.payload(Scheduled)
    await campaign_checks.remember_campaign(uow, scheduled.campaign_id, "scheduled", scheduled.starts_at,
                                            scheduled.ends_at)


async def forget_ended_campaign(event: Envelope, uow: UnitOfWork) -> None:
    status = "ended" if event.type == "marketing.campaign.ended.v1" else "cancelled"
    await campaign_checks.remember_campaign(uow, event.payload(EndedOrCancelled).campaign_id, status)


async def process_inspected_return(event: Envelope, uow: UnitOfWork) -> None:
    await returns.process_inspected_return(uow, event.payload(ReturnInspected), event.id)


async def raise_quality_alert(event: Envelope, uow: UnitOfWork) -> None:
    await quality.take_trend(uow, event.payload(ReturnTrendDetected), event.time)


def handlers(settings: Settings) -> HandlerTable:
    """The events inventory subscribes to and what handles each."""
    return {
        "marketing.campaign.launch_requested.v1": [check_campaign_stock],
        "marketing.campaign.scheduled.v1": [remember_scheduled_campaign],
        "marketing.campaign.launched.v1": [remember_launched_campaign],
        "marketing.campaign.ended.v1": [forget_ended_campaign],
        "marketing.campaign.cancelled.v1": [forget_ended_campaign],
        "support.return.inspected.v1": [process_inspected_return],
        "support.return.trend_detected.v1": [raise_quality_alert],
    }
