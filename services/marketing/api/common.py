"""What the marketing routes share: role aliases, the campaign id, the campaign representation."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path

from services.marketing import repository
from services.marketing.repository import Campaign
from services.marketing.schemas import CampaignOut, ItemOut
from shared.http.auth import current_role, require
from shared.uow import UnitOfWork

Reader = Annotated[str, Depends(current_role)]
Writer = Annotated[str, Depends(require("marketing"))]
CampaignId = Annotated[uuid.UUID, Path(description="The campaign's id (UUID).")]


async def campaign_out(uow: UnitOfWork, campaign: Campaign) -> CampaignOut:
    risks = await repository.risks_of(uow, campaign.id)
    return CampaignOut(
        **{key: value for key, value in campaign.row.items() if key in CampaignOut.model_fields},
        risks=[row["reason"] for row in risks],
        item_count=len(campaign.items),
        items=[ItemOut(**item) for item in campaign.items],
    )
