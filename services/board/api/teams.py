"""The team pages (warehouse, support, content) and their actions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from services.board.api.deps import Clients, Reader, ReadUow, Writer, redirect_with, render
from services.board.service import actions, team_pages, views

router = APIRouter(prefix="/teams", tags=["team pages"], include_in_schema=False)
Id = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,36}$", description="Id (a UUID).")]


@router.get("/warehouse", response_class=HTMLResponse, summary="Warehouse team page")
async def warehouse(request: Request, session: Reader, uow: ReadUow) -> HTMLResponse:
    async with uow:
        view = await views.warehouse_page(uow)
    return render(request, "warehouse.html", session, view=view)


@router.post("/warehouse/receive", summary="Receive stock through inventory")
async def receive_stock(
    request: Request, session: Writer, clients: Clients,
    sku: Annotated[str, Form(min_length=1, max_length=64)],
    warehouse: Annotated[str, Form(min_length=1, max_length=32)],
    qty: Annotated[int, Form(ge=1, le=1_000_000)],
) -> RedirectResponse:
    answer = await actions.receive_stock(clients, session, sku.strip(), warehouse.strip(), qty)
    return redirect_with(request, "/teams/warehouse", answer)


@router.get("/support", response_class=HTMLResponse, summary="Support team page")
async def support(
    request: Request, session: Reader, uow: ReadUow, clients: Clients,
    order_ref: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    view = await team_pages.support_page(uow, clients, session, (order_ref or "").strip() or None)
    return render(request, "support.html", session, view=view)


@router.post("/support/advisories/{advisory_id}/acknowledge", summary="Acknowledge an advisory")
async def acknowledge(
    request: Request, advisory_id: Id, session: Writer, clients: Clients,
) -> RedirectResponse:
    answer = await actions.acknowledge_advisory(clients, session, advisory_id)
    return redirect_with(request, "/teams/support", answer)


@router.get("/content", response_class=HTMLResponse, summary="Content team page")
async def content(request: Request, session: Reader, uow: ReadUow, clients: Clients) -> HTMLResponse:
    view = await team_pages.content_page(uow, clients, session)
    return render(request, "content.html", session, view=view)


@router.post("/content/tasks/{task_id}/take", summary="Take a content task")
async def take_task(request: Request, task_id: Id, session: Writer, clients: Clients) -> RedirectResponse:
    return redirect_with(request, "/teams/content", await actions.take_task(clients, session, task_id))


@router.post("/content/tasks/{task_id}/close", summary="Close a content task")
async def close_task(request: Request, task_id: Id, session: Writer, clients: Clients) -> RedirectResponse:
    return redirect_with(request, "/teams/content", await actions.close_task(clients, session, task_id))
