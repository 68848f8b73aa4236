"""Live-campaign guard: stock-outs and broken pages put live campaigns at risk, and clear again.

Every signal about a campaign that is not over reaches its timeline (what each team knew when);
only live and paused campaigns collect risks.
"""

from __future__ import annotations

from typing import Any

from services.marketing import domain, projections, publishing, repository
from services.marketing.domain import ACTIVE, GUARDED, Risk
from services.marketing.publishing import emit
from services.marketing.repository import Campaign
from shared.events import Envelope
from shared.events.payloads import marketing
from shared.uow import UnitOfWork


def signal_details(event: Envelope) -> dict[str, Any]:
    """What the other team said, and when it said it, for the post-mortem."""
    return {"event_id": event.id, "event_type": event.type, "sent_at": event.time.isoformat(), **event.data}


async def note_signal(
    uow: UnitOfWork, campaign_id: str, event: Envelope, kind: str, source: str, summary: str
) -> Campaign | None:
    """Record the signal on the campaign's timeline; the locked campaign, or None when it is over."""
    campaign = await repository.load_campaign(uow, campaign_id, lock=True)
    if campaign is None or campaign.status not in ACTIVE:
        return None
    await repository.append_timeline(uow, campaign.id, kind, source, summary, signal_details(event))
    return campaign


async def raise_risk(
    uow: UnitOfWork, campaign_id: str, risk: Risk, event: Envelope, kind: str, source: str, summary: str
) -> None:
    campaign = await note_signal(uow, campaign_id, event, kind, source, summary)
    if campaign is not None and campaign.status in GUARDED:
        await _add_risks(uow, campaign, [risk])


async def assess_new_live_campaign(uow: UnitOfWork, campaign: Campaign) -> None:
    """A campaign going live starts with the stock-outs and broken pages already known."""
    risks = [domain.depletion_risk(sku) for sku in await projections.depleted_among(uow, campaign.skus)]
    risks += [
        domain.broken_page_risk(page["url"], page["kind"], page["sku"], page["issues"])
        for page in await projections.broken_pages_of(uow, campaign["landing_url"], campaign.skus)
    ]
    if risks:
        await _add_risks(uow, campaign, risks)


async def _add_risks(uow: UnitOfWork, campaign: Campaign, candidates: list[Risk]) -> None:
    """New risks publish `at_risk` (with every current reason) and may pause a sold-out campaign."""
    added = [risk for risk in candidates if await repository.add_risk(uow, campaign.id, risk)]
    if not added:
        return
    risks = await repository.risks_of(uow, campaign.id)
    await emit(uow, campaign, "marketing.campaign.at_risk.v1", marketing.AtRisk(
        campaign_id=campaign.id, reasons=[row["reason"] for row in risks],
        skus=domain.affected_skus((row["sku"] for row in risks), campaign.skus),
    ), f"At risk: {'; '.join(risk.reason for risk in added)}.")
    depleted = [row["cause_key"] for row in risks if row["cause"] == domain.SKU_DEPLETED]
    if domain.should_auto_pause(campaign.status, campaign["auto_pause_on_stockout"], campaign.skus, depleted):
        await publishing.pause(uow, campaign, domain.AUTO_PAUSE_REASON)


async def clear_risk(
    uow: UnitOfWork, campaign_id: str, cause: str, cause_key: str, event: Envelope, kind: str,
    source: str, summary: str,
) -> None:
    """Record the signal and drop the risk it answers; no campaign resumes by itself."""
    campaign = await note_signal(uow, campaign_id, event, kind, source, summary)
    if campaign is None:
        return
    risks = {row["cause_key"]: row for row in await repository.risks_of(uow, campaign.id)
             if row["cause"] == cause}
    if cause_key in risks and await repository.remove_risk(uow, campaign.id, cause, cause_key):
        cleared = risks[cause_key]["reason"]
        remaining = await repository.risks_of(uow, campaign.id)
        await emit(uow, campaign, "marketing.campaign.risk_cleared.v1", marketing.RiskCleared(
            campaign_id=campaign.id, cleared=cleared, reasons=[row["reason"] for row in remaining],
            skus=domain.affected_skus((row["sku"] for row in remaining), campaign.skus),
        ), f"No longer at risk: {cleared}.")
