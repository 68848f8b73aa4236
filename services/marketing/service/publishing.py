"""Publishing a campaign's own events, each also written to its timeline."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel

from services.marketing import domain, repository
from services.marketing.domain import Campaign
from shared.events.payloads import marketing
from shared.uow import UnitOfWork

MARKETING = "marketing"


async def emit(
    uow: UnitOfWork, campaign: Campaign, event_type: str, payload: BaseModel, summary: str
) -> None:
    """Publish a campaign event and show it on the campaign's timeline."""
    uow.publish(event_type, campaign.id, payload)
    kind = event_type.split(".")[2]
    await repository.append_timeline(
        uow, campaign.id, kind, MARKETING, summary, payload.model_dump(mode="json")
    )


async def pause(uow: UnitOfWork, campaign: Campaign, reason: str | None) -> None:
    """`live` → `paused`: by a person, or by the guard when every SKU sold out."""
    status = domain.transition(campaign.status, "pause")
    await repository.update_campaign(uow, campaign, status=status.value, updated_at=datetime.now(UTC))
    await emit(uow, campaign, "marketing.campaign.paused.v1",
               marketing.PausedOrResumed(campaign_id=campaign.id, reason=reason),
               f"Paused: {reason}" if reason else "Paused.")
