"""Tickets: customer contacts from the storefront and support agents."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query

from services.support.api.deps import ReadUow, SettingsDep, StorefrontOrSupport, Writer, WriteUow
from services.support.schemas import (
    SKU_PATTERN,
    TOPIC_PATTERN,
    TicketIn,
    TicketOut,
    TicketPatch,
    TicketStatus,
)
from services.support.service import tickets as service
from shared.http.pagination import Cursor, Limit, Page
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1/tickets", tags=["tickets"])


@router.post(
    "", status_code=201, response_model=TicketOut, summary="Open a ticket",
    description="Records a customer contact and publishes `support.ticket.opened.v1` (without the "
                "customer reference). Tickets sharing a topic and a SKU or page URL may complete a "
                "feedback trend. A ticket with an `order_ref` shows that order's current status; topic "
                "`order_status` gets a `suggested_reply` when the order is on time and priority `high` "
                "when it is delayed. Roles: storefront, support, admin. Accepts `Idempotency-Key`.",
    responses=problem_responses(401, 403, 413, 422),
)
async def open_ticket(
    body: TicketIn, uow: WriteUow, settings: SettingsDep, _: StorefrontOrSupport
) -> TicketOut:
    async with uow:
        ticket = await service.open_ticket(uow, body, settings)
        await uow.commit()
    return TicketOut.of(ticket)


@router.get(
    "", response_model=Page[TicketOut], summary="List tickets",
    description="Newest first, filtered by status, topic and SKU. Roles: support, admin (tickets "
                "hold customer references).",
    responses=problem_responses(401, 403, 422),
)
async def list_tickets(
    uow: ReadUow, _: Writer, limit: Limit = 50, cursor: Cursor = None,
    status: TicketStatus | None = None,
    topic: str | None = Query(None, max_length=100, pattern=TOPIC_PATTERN),
    sku: str | None = Query(None, pattern=SKU_PATTERN),
) -> Page[TicketOut]:
    async with uow:
        found, next_cursor = await service.list_tickets(uow, status, topic, sku, limit, cursor)
    return Page[TicketOut](items=[TicketOut.of(t) for t in found],
                           next_cursor=next_cursor)


@router.get(
    "/{ticket_id}", response_model=TicketOut, summary="Read a ticket",
    description="One ticket by id. Roles: storefront, support, admin.",
    responses=problem_responses(401, 403, 404, 422),
)
async def read_ticket(ticket_id: uuid.UUID, uow: ReadUow, _: StorefrontOrSupport) -> TicketOut:
    async with uow:
        ticket = await service.read_ticket(uow, ticket_id)
    return TicketOut.of(ticket)


@router.patch(
    "/{ticket_id}", response_model=TicketOut, summary="Change a ticket's status, priority or topic",
    description="A closed ticket cannot be reopened (409). Roles: support, admin.",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def change_ticket(ticket_id: uuid.UUID, body: TicketPatch, uow: WriteUow, _: Writer) -> TicketOut:
    async with uow:
        ticket = await service.change_ticket(uow, ticket_id, body)
        await uow.commit()
    return TicketOut.of(ticket)
