"""What the marketing routes depend on: roles, units of work, the campaign id, the promotions reader."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path, Request

from services.marketing.service import PromotionReader
from shared.http.auth import require
from shared.http.deps import Authenticated, ReadUow, WriteUow

Reader = Authenticated
Writer = Annotated[str, Depends(require("marketing"))]
CampaignId = Annotated[uuid.UUID, Path(description="The campaign's id (UUID).")]


async def _promotion_reader(request: Request) -> PromotionReader:
    reader: PromotionReader = request.app.state.promotion_reader
    return reader


Promotions = Annotated[PromotionReader, Depends(_promotion_reader)]

__all__ = ["CampaignId", "Promotions", "ReadUow", "Reader", "WriteUow", "Writer"]
