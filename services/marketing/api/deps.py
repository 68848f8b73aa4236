"""What the marketing routes depend on: roles, units of work, the campaign id."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path

from shared.http.auth import require
from shared.http.deps import Authenticated, ReadUow, WriteUow

Reader = Authenticated
Writer = Annotated[str, Depends(require("marketing"))]
CampaignId = Annotated[uuid.UUID, Path(description="The campaign's id (UUID).")]


__all__ = ["CampaignId", "ReadUow", "Reader", "WriteUow", "Writer"]
