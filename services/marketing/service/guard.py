"""Live-campaign guard: stock-outs and broken pages put live campaigns at risk, and clear again.

Every signal about a campaign that is not over reaches its timeline (what each team knew when);
only live and paused campaigns collect risks.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.marketing import domain, repository
from services.marketing.domain import ACTIVE, GUARDED, Campaign, Risk
from services.marketing.service import publishing
from services.marketing.service.publishing import emit
from shared.events import Envelope
from shared.events.payloads import content, inventory, marketing, support
from shared.uow import UnitOfWork


async def stock_depleted(uow: UnitOfWork, event: Envelope, depleted: inventory.StockDepleted) -> None:
    sku = depleted.sku
    await repository.mark_depleted(uow, sku)
    for campaign_id in await repository.campaigns_with_sku(uow, sku, ACTIVE):
        await raise_risk(
            uow, campaign_id, domain.depletion_risk(sku), event, "stock_depleted", "inventory",
            f"Inventory reports {sku} sold out.",
        )


async def stock_low(uow: UnitOfWork, event: Envelope, low: inventory.StockLow) -> None:
    for campaign_id in await repository.campaigns_with_sku(uow, low.sku, ACTIVE):
        await note_signal(
            uow, campaign_id, event, "stock_low", "inventory",
            f"Inventory reports {low.sku} running low: {low.total_available} units left "
            f"(threshold {low.threshold}).",
        )


async def stock_replenished(uow: UnitOfWork, event: Envelope, stock: inventory.StockReplenished) -> None:
    await repository.mark_replenished(uow, stock.sku)
    for campaign_id in await repository.campaigns_with_sku(uow, stock.sku, ACTIVE):
        await clear_risk(
            uow, campaign_id, domain.SKU_DEPLETED, stock.sku, event, "stock_replenished", "inventory",
            f"Inventory reports {stock.sku} replenished: {stock.total_available} units available "
            f"(above its low-stock threshold of {stock.threshold}).",
        )


async def page_broken(uow: UnitOfWork, event: Envelope, page: content.PageBroken) -> None:
    risk = domain.broken_page_risk(page.url, page.kind, page.sku, page.issues)
    await repository.mark_page_broken(uow, page.url, page.kind, page.sku, page.issues)
    for campaign_id in await repository.campaigns_for_page(uow, page.url, page.kind, page.sku, ACTIVE):
        await raise_risk(
            uow, campaign_id, risk, event, "page_broken", "content", f"Content reports: {risk.reason}.",
        )


async def page_restored(uow: UnitOfWork, event: Envelope, page: content.PageRestored) -> None:
    await repository.mark_page_restored(uow, page.url)
    for campaign_id in await repository.campaigns_for_page(uow, page.url, page.kind, page.sku, ACTIVE):
        await clear_risk(
            uow, campaign_id, domain.PAGE_BROKEN, page.url, event, "page_restored", "content",
            f"Content reports {domain.describe_page(page.url, page.kind, page.sku)} works again.",
        )


async def advisory_published(uow: UnitOfWork, event: Envelope, advisory: support.AdvisoryPublished) -> None:
    """Support's advisory about a campaign: shown on its readiness and its timeline."""
    if advisory.campaign_id is None:
        return
    campaign = await repository.load_campaign(uow, advisory.campaign_id, lock=True)
    if campaign is None:
        return
    await repository.save_advisory(uow, {
        "advisory_id": advisory.advisory_id, "campaign_id": campaign.id, "kind": advisory.kind,
        "severity": advisory.severity, "title": advisory.title, "received_at": datetime.now(UTC),
    })
    ended = advisory.valid_until is not None and advisory.valid_until <= event.time
    summary = (f"Support's advisory has ended: {advisory.title}" if ended
               else f"Support published an advisory ({advisory.severity}): {advisory.title}")
    await note_signal(uow, campaign.id, event, "advisory", "support", summary)


def signal_details(event: Envelope) -> dict[str, Any]:
    """What the other team said, and when it said it, for the post-mortem."""
    return {"event_id": event.id, "event_type": event.type, "sent_at": domain.rfc3339(event.time),
            **domain.with_zulu(event.data)}


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
    risks = [domain.depletion_risk(sku) for sku in await repository.depleted_among(uow, campaign.skus)]
    risks += await repository.broken_page_risks(uow, campaign.landing_url, campaign.skus)
    if risks:
        await _add_risks(uow, campaign, risks)


async def _add_risks(uow: UnitOfWork, campaign: Campaign, candidates: list[Risk]) -> None:
    """New risks publish `at_risk` (with every current reason) and may pause a sold-out campaign."""
    added = [risk for risk in candidates if await repository.add_risk(uow, campaign.id, risk)]
    if not added:
        return
    risks = await repository.risks_of(uow, campaign.id)
    await emit(uow, campaign, "marketing.campaign.at_risk.v1", marketing.AtRisk(
        campaign_id=campaign.id, reasons=[risk.reason for risk in risks],
        skus=domain.affected_skus((risk.sku for risk in risks), campaign.skus),
    ), f"At risk: {'; '.join(risk.reason for risk in added)}.")
    depleted = [risk.cause_key for risk in risks if risk.cause == domain.SKU_DEPLETED]
    if domain.should_auto_pause(campaign.status, campaign.auto_pause_on_stockout, campaign.skus, depleted):
        await publishing.pause(uow, campaign, domain.AUTO_PAUSE_REASON)


async def clear_risk(
    uow: UnitOfWork, campaign_id: str, cause: str, cause_key: str, event: Envelope, kind: str,
    source: str, summary: str,
) -> None:
    """Record the signal and drop the risk it answers; no campaign resumes by itself."""
    campaign = await note_signal(uow, campaign_id, event, kind, source, summary)
    if campaign is None:
        return
    risks = {risk.cause_key: risk for risk in await repository.risks_of(uow, campaign.id)
             if risk.cause == cause}
    if cause_key in risks and await repository.remove_risk(uow, campaign.id, cause, cause_key):
        cleared = risks[cause_key]
        remaining = await repository.risks_of(uow, campaign.id)
        await emit(uow, campaign, "marketing.campaign.risk_cleared.v1", marketing.RiskCleared(
            campaign_id=campaign.id, cleared=cleared.reason, reasons=[risk.reason for risk in remaining],
            skus=domain.affected_skus((risk.sku for risk in remaining), campaign.skus),
        ), f"No longer at risk: {domain.recovery(cleared)}.")
