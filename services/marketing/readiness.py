"""Turning the inventory and content checks of the current launch request into a verdict."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from services.marketing import domain, repository
from services.marketing.domain import PRE_LAUNCH, CheckAnswer
from services.marketing.publishing import MARKETING, emit
from services.marketing.repository import Campaign
from shared.events import Envelope
from shared.events.payloads import content, inventory, marketing
from shared.uow import UnitOfWork

_TEAM = {"inventory": "Inventory", "content": "Content"}


def answer_of(source: str, status: str, payload: dict[str, Any]) -> CheckAnswer:
    if status == "timed_out":
        return domain.timed_out_answer(source, float(payload["timeout_seconds"]))
    if source == "inventory":
        return domain.inventory_answer(inventory.CampaignCheckCompleted.model_validate(payload))
    return domain.content_answer(content.CampaignCheckCompleted.model_validate(payload))


async def record_check(
    uow: UnitOfWork, source: str, event: Envelope, campaign_id: str, request_id: str, overall: str
) -> None:
    """Apply one team's check answer; answers to an older request only reach the timeline."""
    campaign = await repository.load_campaign(uow, campaign_id, lock=True)
    if campaign is None:
        return
    details = {"event_id": event.id, "sent_at": event.time.isoformat(), **event.data}
    team = _TEAM[source]
    if request_id != campaign["request_id"]:
        await repository.append_timeline(
            uow, campaign.id, f"{source}_check_ignored", source,
            f"{team} answered an older launch request ({overall}); ignored.", details,
        )
        return
    await repository.save_check(uow, campaign.id, request_id, source, overall, event.data)
    if campaign.status not in PRE_LAUNCH:
        await repository.append_timeline(
            uow, campaign.id, f"{source}_check", source,
            f"{team} check answered {overall} after the campaign left the checking phase "
            f"({campaign.status.value}); its status is unchanged.", details,
        )
        return
    await repository.append_timeline(
        uow, campaign.id, f"{source}_check", source, f"{team} check answered: {overall}.", details
    )
    await reevaluate(uow, campaign)


async def reevaluate(uow: UnitOfWork, campaign: Campaign) -> None:
    """Recompute readiness from the stored checks; publish and record it when it changed."""
    checks = await repository.checks_of(uow, campaign.id, campaign["request_id"])
    verdict = domain.evaluate_readiness(
        answer_of(source, row["status"], row["payload"]) for source, row in checks.items()
    )
    reasons = list(verdict.reasons)
    if verdict.readiness.value == campaign["readiness"] and reasons == campaign["reasons"]:
        return
    await repository.update_campaign(
        uow, campaign, status=verdict.readiness.value, readiness=verdict.readiness.value,
        reasons=reasons, updated_at=datetime.now(UTC),
    )
    readiness = verdict.readiness.value.replace("_", " ")
    summary = f"Readiness: {readiness}" + (f" — {'; '.join(reasons)}" if reasons else ".")
    await emit(uow, campaign, "marketing.campaign.readiness_changed.v1", marketing.ReadinessChanged(
        campaign_id=campaign.id, request_id=campaign["request_id"], readiness=verdict.readiness.value,
        reasons=reasons,
    ), summary)


async def time_out_checks(uow: UnitOfWork, campaign_id: str, timeout_seconds: float) -> None:
    """Count every check still unanswered after the timeout as at risk."""
    campaign = await repository.load_campaign(uow, campaign_id, lock=True)
    if campaign is None or campaign.status not in PRE_LAUNCH or campaign["requested_at"] is None:
        return
    if campaign["requested_at"] > datetime.now(UTC) - timedelta(seconds=timeout_seconds):
        return
    checks = await repository.checks_of(uow, campaign.id, campaign["request_id"])
    for source in domain.CHECK_SOURCES:
        if source in checks:
            continue
        await repository.save_check(
            uow, campaign.id, campaign["request_id"], source, "timed_out",
            {"timeout_seconds": timeout_seconds},
        )
        await repository.append_timeline(
            uow, campaign.id, f"{source}_check_timed_out", MARKETING,
            f"{_TEAM[source]} did not answer within {timeout_seconds:g} s; counted as at risk.",
            {"request_id": campaign["request_id"], "timeout_seconds": timeout_seconds},
        )
    await reevaluate(uow, campaign)
