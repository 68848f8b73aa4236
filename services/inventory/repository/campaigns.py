"""What inventory knows of marketing's campaigns, and the latest stock check of each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select, update

from services.inventory.tables import campaign_checks, campaigns
from shared.events.payloads.inventory import CampaignCheckCompleted
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class CampaignRow:
    campaign_id: str
    starts_at: datetime
    ends_at: datetime
    expected: dict[str, int | None]


class CheckedCampaign(CampaignCheckCompleted):
    """The latest check of a campaign as stored: what was published, and when."""

    checked_at: datetime


async def insert_campaign(
    uow: UnitOfWork, campaign_id: str, status: str, starts_at: datetime, ends_at: datetime,
    expected: dict[str, int | None], updated_at: datetime,
) -> bool:
    """True when the campaign was new."""
    return await uow.insert_ignoring_duplicates(campaigns, {
        "campaign_id": campaign_id, "status": status, "starts_at": starts_at, "ends_at": ends_at,
        "items": expected, "updated_at": updated_at,
    })


async def update_campaign(
    uow: UnitOfWork, campaign_id: str, status: str, updated_at: datetime,
    window: tuple[datetime, datetime] | None, expected: dict[str, int | None] | None,
) -> None:
    """Change the status; the window and the expected units only where given."""
    values: dict[str, Any] = {"status": status, "updated_at": updated_at}
    if window is not None:
        values.update(starts_at=window[0], ends_at=window[1])
    if expected is not None:
        values["items"] = expected
    await uow.execute(update(campaigns).where(campaigns.c.campaign_id == campaign_id).values(**values))


async def other_campaigns(uow: UnitOfWork, campaign_id: str, statuses: tuple[str, ...]) -> list[CampaignRow]:
    """The campaigns other than this one in one of these statuses."""
    rows = (await uow.execute(select(campaigns).where(and_(
        campaigns.c.campaign_id != campaign_id, campaigns.c.status.in_(statuses),
    )))).all()
    return [CampaignRow(row.campaign_id, row.starts_at, row.ends_at, dict(row.items)) for row in rows]


async def save_check(uow: UnitOfWork, check: CheckedCampaign) -> None:
    """Keep this check as the latest of its campaign."""
    values = {"request_id": check.request_id, "result": check.model_dump(mode="json"),
              "checked_at": check.checked_at}
    if not await uow.insert_ignoring_duplicates(campaign_checks, {"campaign_id": check.campaign_id,
                                                                  **values}):
        await uow.execute(update(campaign_checks)
                          .where(campaign_checks.c.campaign_id == check.campaign_id).values(**values))


async def latest_check(uow: UnitOfWork, campaign_id: str) -> CheckedCampaign | None:
    row = (await uow.execute(
        select(campaign_checks.c.result).where(campaign_checks.c.campaign_id == campaign_id)
    )).first()
    return None if row is None else CheckedCampaign.model_validate(row.result)
