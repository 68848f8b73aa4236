"""Admin endpoint of the outbox: send again every event written since a moment."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import AwareDatetime, BaseModel, Field

from shared.http.auth import require
from shared.http.problems import problem_responses
from shared.runtime import Backbone

router = APIRouter(prefix="/v1/admin/outbox", tags=["admin"])


class ResendIn(BaseModel):
    since: AwareDatetime = Field(description="Every event written at or after this moment is sent again.",
                                 examples=["2026-12-03T08:00:00Z"])


class ResendOut(BaseModel):
    resent: int = Field(description="How many outbox rows were queued to be sent again.")


@router.post(
    "/resend", response_model=ResendOut, summary="Send events again",
    description="Queues every outbox row written since `since` to be sent again, in its original "
                "order (for operators after a broker lost data). Consumers drop the copies they "
                "already applied. Admin only.",
    responses=problem_responses(401, 403, 422),
)
async def resend(request: Request, body: ResendIn,
                 _: Annotated[str, Depends(require())] = "") -> ResendOut:
    backbone: Backbone = request.app.state.backbone
    resent = await backbone.relay.rows.resend_since(body.since)
    backbone.relay.wake()
    return ResendOut(resent=resent)
