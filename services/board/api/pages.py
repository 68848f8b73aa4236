"""The overview and the calendar, read from the board's own database."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.board.api.deps import Reader, ReadUow, render
from services.board.service import views

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/", response_class=HTMLResponse, summary="Overview for the head of digital")
async def overview(request: Request, session: Reader, uow: ReadUow) -> HTMLResponse:
    async with uow:
        view = await views.overview(uow)
    return render(request, "overview.html", session, view=view)


@router.get("/calendar", response_class=HTMLResponse, summary="Campaign calendar")
async def calendar(request: Request, session: Reader, uow: ReadUow) -> HTMLResponse:
    async with uow:
        view = await views.calendar(uow)
    return render(request, "calendar.html", session, view=view)
