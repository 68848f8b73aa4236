"""A campaign's page and the marketing actions on it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from services.board.api.deps import Clients, Reader, ReadUow, Writer, redirect_with, render
from services.board.service import actions, views

router = APIRouter(prefix="/campaigns", tags=["campaigns"], include_in_schema=False)
CampaignId = Annotated[str, Path(pattern=r"^[A-Za-z0-9._:-]{1,100}$", description="Campaign id.")]
ActionName = Annotated[str, Path(pattern=r"^[a-z-]{1,30}$", description="request-launch, launch, ...")]


@router.get("/{campaign_id}", response_class=HTMLResponse, summary="A campaign: readiness, checks, timeline")
async def campaign_page(
    request: Request, campaign_id: CampaignId, session: Reader, uow: ReadUow,
) -> HTMLResponse:
    async with uow:
        view = await views.campaign_page(uow, campaign_id, session.role)
    return render(request, "campaign.html", session, view=view)


@router.post("/{campaign_id}/actions/{action}", summary="Act on a campaign through marketing")
async def campaign_action(
    request: Request, campaign_id: CampaignId, action: ActionName, session: Writer, clients: Clients,
    override_reason: Annotated[str | None, Form(max_length=1000)] = None,
) -> RedirectResponse:
    answer = await actions.campaign_action(clients, session, campaign_id, action, override_reason)
    return redirect_with(request, f"/campaigns/{campaign_id}", answer)
