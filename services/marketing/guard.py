"""Live-campaign guard: stock-outs and broken pages put live campaigns at risk, and clear again."""

from __future__ import annotations

from typing import Any

from services.marketing import domain, repository
from services.marketing.commands import MARKETING, emit, pause_loaded
from services.marketing.domain import GUARDED, Risk
from shared.events import Envelope
from shared.events.payloads import marketing
from shared.uow import UnitOfWork


def signal_details(event: Envelope) -> dict[str, Any]:
    """What the other team said, and when it said it, for the post-mortem."""
    return {"event_id": event.id, "event_type": event.type, "sent_at": event.time.isoformat(), **event.data}


async def note_signal(
    uow: UnitOfWork, campaign_id: str, event: Envelope, kind: str, source: str, summary: str
) -> None:
    await repository.append_timeline(uow, campaign_id, kind, source, summary, signal_details(event))


async def raise_risk(
    uow: UnitOfWork, campaign_id: str, risk: Risk, event: Envelope, kind: str, source: str, summary: str
) -> None:
    """Record the signal; a new risk publishes `at_risk` and may pause a sold-out campaign."""
    campaign = await repository.load_campaign(uow, campaign_id, lock=True)
    if campaign is None or campaign.status not in GUARDED:
        return
    await note_signal(uow, campaign.id, event, kind, source, summary)
    if not await repository.add_risk(uow, campaign.id, risk):
        return
    risks = await repository.risks_of(uow, campaign.id)
    await emit(uow, campaign, "marketing.campaign.at_risk.v1", marketing.AtRisk(
        campaign_id=campaign.id, reasons=[row["reason"] for row in risks],
        skus=domain.affected_skus((row["sku"] for row in risks), campaign.skus),
    ), f"At risk: {risk.reason}.")
    depleted = [row["cause_key"] for row in risks if row["cause"] == domain.SKU_DEPLETED]
    if domain.should_auto_pause(campaign.status, campaign["auto_pause_on_stockout"], campaign.skus, depleted):
        await pause_loaded(uow, campaign, domain.AUTO_PAUSE_REASON)


async def clear_risk(
    uow: UnitOfWork, campaign_id: str, cause: str, cause_key: str, event: Envelope, kind: str,
    source: str, summary: str,
) -> None:
    """Record the signal and drop the risk it answers; no campaign resumes by itself."""
    campaign = await repository.load_campaign(uow, campaign_id, lock=True)
    if campaign is None or campaign.status not in GUARDED:
        return
    await note_signal(uow, campaign.id, event, kind, source, summary)
    risks = {row["cause_key"]: row for row in await repository.risks_of(uow, campaign.id)
             if row["cause"] == cause}
    if cause_key in risks and await repository.remove_risk(uow, campaign.id, cause, cause_key):
        await repository.append_timeline(
            uow, campaign.id, "risk_cleared", MARKETING, f"No longer at risk: {risks[cause_key]['reason']}.",
            {"cause": cause, "cause_key": cause_key},
        )
