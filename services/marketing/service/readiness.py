"""Turning the inventory and content checks of the current launch request into a verdict."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.marketing import domain, repository
from services.marketing.domain import PRE_LAUNCH, Campaign, CheckAnswer
from services.marketing.repository import StoredCheck
from services.marketing.service.publishing import MARKETING, emit
from shared.events import Envelope
from shared.events.payloads import content, inventory, marketing
from shared.uow import UnitOfWork

_TEAM = {"inventory": "Inventory", "content": "Content"}


def answer_of(source: str, check: StoredCheck) -> CheckAnswer:
    payload = check.payload or {}
    if check.status == "timed_out":
        return domain.timed_out_answer(source, float(payload["timeout_seconds"]))
    if source == "inventory":
        return domain.inventory_answer(inventory.CampaignCheckCompleted.model_validate(payload))
    return domain.content_answer(content.CampaignCheckCompleted.model_validate(payload))


async def record_check(
    uow: UnitOfWork, source: str, event: Envelope,
    check: inventory.CampaignCheckCompleted | content.CampaignCheckCompleted,
) -> None:
    """Apply one team's check answer; answers to an older request only reach the timeline."""
    request_id, overall = check.request_id, check.overall
    campaign = await repository.load_campaign(uow, check.campaign_id, lock=True)
    if campaign is None:
        return
    details = {"event_id": event.id, "sent_at": domain.rfc3339(event.time), **domain.with_zulu(event.data)}
    team = _TEAM[source]
    if request_id != campaign.request_id:
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
    await reevaluate(uow, campaign, request_id)


async def reevaluate(uow: UnitOfWork, campaign: Campaign, request_id: str) -> None:
    """Recompute readiness from the checks of the current request; publish it when it changed."""
    checks = await repository.checks_of(uow, campaign.id, request_id)
    verdict = domain.evaluate_readiness(
        answer_of(source, check) for source, check in checks.items()
    )
    reasons = list(verdict.reasons)
    if verdict.readiness.value == campaign.readiness and reasons == campaign.reasons:
        return
    await repository.update_campaign(
        uow, campaign, status=verdict.readiness.value, readiness=verdict.readiness.value,
        reasons=reasons, updated_at=datetime.now(UTC),
    )
    readiness = verdict.readiness.value.replace("_", " ")
    summary = f"Readiness: {readiness}" + (f" — {'; '.join(reasons)}" if reasons else ".")
    await emit(uow, campaign, "marketing.campaign.readiness_changed.v1", marketing.ReadinessChanged(
        campaign_id=campaign.id, request_id=request_id, readiness=verdict.readiness.value,
        reasons=reasons,
    ), summary)


async def time_out_checks(uow: UnitOfWork, campaign_id: str, timeout_seconds: float) -> None:
    """Count every check still unanswered after the timeout as at risk."""
    campaign = await repository.load_campaign(uow, campaign_id, lock=True)
    if campaign is None or campaign.status not in PRE_LAUNCH:
        return
    request_id, requested_at = campaign.request_id, campaign.requested_at
    if request_id is None or requested_at is None:
        return
    if requested_at > datetime.now(UTC) - timedelta(seconds=timeout_seconds):
        return
    checks = await repository.checks_of(uow, campaign.id, request_id)
    for source in domain.CHECK_SOURCES:
        if source in checks:
            continue
        await repository.save_check(
            uow, campaign.id, request_id, source, "timed_out",
            {"timeout_seconds": timeout_seconds},
        )
        await repository.append_timeline(
            uow, campaign.id, f"{source}_check_timed_out", MARKETING,
            f"{_TEAM[source]} did not answer within {timeout_seconds:g} s; counted as at risk.",
            {"request_id": request_id, "timeout_seconds": timeout_seconds},
        )
    await reevaluate(uow, campaign, request_id)
