"""Tickets: customer contacts from the storefront and support agents."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Query

from services.support.api.deps import SettingsDep, StorefrontOrSupport, SupportOnly
from services.support.domain.tickets import check_ticket_status, normalise_topic
from services.support.repository import get_ticket, newest_first_page, now
from services.support.schemas import SKU_PATTERN, TicketIn, TicketOut, TicketPatch, TicketStatus
from services.support.tables import tickets
from services.support.trends import detect_trends
from shared.errors import NotFound
from shared.events.payloads.support import TicketOpened
from shared.http.deps import UowDep
from shared.http.pagination import Cursor, Limit, Page
from shared.http.problems import problem_responses

router = APIRouter(prefix="/tickets", tags=["tickets"])


@router.post(
    "", status_code=201, response_model=TicketOut, summary="Open a ticket",
    description="Records a customer contact and publishes `support.ticket.opened.v1` (without the "
                "customer reference). Tickets sharing a topic and a SKU or page URL may complete a "
                "feedback trend. Roles: storefront, support, admin. Accepts `Idempotency-Key`.",
    responses=problem_responses(401, 403, 413, 422),
)
async def open_ticket(
    body: TicketIn, uow: UowDep, settings: SettingsDep, _: StorefrontOrSupport
) -> TicketOut:
    moment = now()
    topic = normalise_topic(body.topic) if body.topic else None
    row: dict[str, Any] = {
        **body.model_dump(exclude={"campaign_id", "topic"}), "id": str(uuid.uuid4()), "topic": topic,
        "campaign_id": str(body.campaign_id) if body.campaign_id else None,
        "status": "open", "priority": "normal", "created_at": moment, "updated_at": moment,
    }
    async with uow:
        await uow.execute(tickets.insert().values(**row))
        uow.publish("support.ticket.opened.v1", row["id"], TicketOpened(
            ticket_id=row["id"], channel=row["channel"], topic=topic, sku=row["sku"],
            order_ref=row["order_ref"], campaign_id=row["campaign_id"],
        ))
        if topic is not None:
            await detect_trends(uow, settings, topic, row["sku"], row["page_url"])
        await uow.commit()
    return TicketOut(**row)


@router.get(
    "", response_model=Page[TicketOut], summary="List tickets",
    description="Newest first, filtered by status, topic and SKU. Roles: support, admin (tickets "
                "hold customer references).",
    responses=problem_responses(401, 403, 422),
)
async def list_tickets(
    uow: UowDep, _: SupportOnly, limit: Limit = 50, cursor: Cursor = None,
    status: TicketStatus | None = None,
    topic: str | None = Query(None, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._/-]*$"),
    sku: str | None = Query(None, pattern=SKU_PATTERN),
) -> Page[TicketOut]:
    conditions = []
    if status is not None:
        conditions.append(tickets.c.status == status)
    if topic is not None:
        conditions.append(tickets.c.topic == normalise_topic(topic))
    if sku is not None:
        conditions.append(tickets.c.sku == sku)
    async with uow:
        rows, next_cursor = await newest_first_page(uow, tickets, conditions, limit, cursor)
    return Page[TicketOut](items=[TicketOut(**r) for r in rows], next_cursor=next_cursor)


@router.get(
    "/{ticket_id}", response_model=TicketOut, summary="Read a ticket",
    description="One ticket by id. Roles: storefront, support, admin.",
    responses=problem_responses(401, 403, 404, 422),
)
async def read_ticket(ticket_id: uuid.UUID, uow: UowDep, _: StorefrontOrSupport) -> TicketOut:
    async with uow:
        found = await get_ticket(uow, str(ticket_id))
    if found is None:
        raise NotFound(f"No ticket {ticket_id}.")
    return TicketOut(**found)


@router.patch(
    "/{ticket_id}", response_model=TicketOut, summary="Change a ticket's status, priority or topic",
    description="A closed ticket cannot be reopened (409). Roles: support, admin.",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def change_ticket(ticket_id: uuid.UUID, body: TicketPatch, uow: UowDep, _: SupportOnly) -> TicketOut:
    changes = body.model_dump(exclude_none=True)
    if "topic" in changes:
        changes["topic"] = normalise_topic(changes["topic"])
    async with uow:
        found = await get_ticket(uow, str(ticket_id))
        if found is None:
            raise NotFound(f"No ticket {ticket_id}.")
        if body.status is not None:
            check_ticket_status(found["status"], body.status)
        changes["updated_at"] = now()
        await uow.execute(tickets.update().where(tickets.c.id == found["id"]).values(**changes))
        await uow.commit()
    return TicketOut(**{**found, **changes})
