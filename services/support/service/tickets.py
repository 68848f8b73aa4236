"""Tickets: open, list, read, change; a new ticket may complete a feedback trend. Each comes
with the current status of its order."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from services.support import repository
from services.support.domain.orders import TicketView, priority_for
from services.support.domain.tickets import Ticket, check_ticket_status, normalise_topic
from services.support.schemas import TicketIn, TicketPatch
from services.support.service.orders import order_of, with_orders
from services.support.service.trends import detect_trends
from services.support.settings import Settings
from shared.errors import NotFound
from shared.events.payloads.support import TicketOpened
from shared.uow import UnitOfWork


async def open_ticket(uow: UnitOfWork, body: TicketIn, settings: Settings) -> TicketView:
    """Record a contact and publish it without the customer reference; asking about a delayed
    order makes it high priority."""
    moment = datetime.now(UTC)
    topic = normalise_topic(body.topic) if body.topic else None
    order = await order_of(uow, body.order_ref)
    ticket = Ticket(
        id=str(uuid.uuid4()), customer_ref=body.customer_ref, channel=body.channel, subject=body.subject,
        body=body.body, topic=topic, sku=body.sku, order_ref=body.order_ref,
        campaign_id=str(body.campaign_id) if body.campaign_id else None, page_url=body.page_url,
        status="open", priority=priority_for("normal", topic, order), created_at=moment, updated_at=moment,
    )
    await repository.insert_ticket(uow, ticket)
    uow.publish("support.ticket.opened.v1", ticket.id, TicketOpened(
        ticket_id=ticket.id, channel=ticket.channel, topic=topic, sku=ticket.sku,
        order_ref=ticket.order_ref, campaign_id=ticket.campaign_id,
    ))
    if topic is not None:
        await detect_trends(uow, settings, topic, ticket.sku, ticket.page_url)
    return TicketView(ticket, order)


async def list_tickets(
    uow: UnitOfWork, status: str | None, topic: str | None, sku: str | None, limit: int, cursor: str | None,
) -> tuple[list[TicketView], str | None]:
    topic = normalise_topic(topic) if topic is not None else None
    found, next_cursor = await repository.ticket_page(uow, status, topic, sku, limit, cursor)
    return await with_orders(uow, found), next_cursor


async def read_ticket(uow: UnitOfWork, ticket_id: uuid.UUID) -> TicketView:
    found = await repository.get_ticket(uow, str(ticket_id))
    if found is None:
        raise NotFound(f"No ticket {ticket_id}.")
    return TicketView(found, await order_of(uow, found.order_ref))


async def change_ticket(uow: UnitOfWork, ticket_id: uuid.UUID, patch: TicketPatch) -> TicketView:
    """Change status, priority or topic; a closed ticket is not reopened. A ticket turned into a
    "where is my order?" one about a delayed order rises to high unless the agent set a priority."""
    found = await repository.get_ticket(uow, str(ticket_id), lock=True)
    if found is None:
        raise NotFound(f"No ticket {ticket_id}.")
    if patch.status is not None:
        check_ticket_status(found.status, patch.status)
    order = await order_of(uow, found.order_ref)
    topic = normalise_topic(patch.topic) if patch.topic is not None else found.topic
    changed = replace(
        found, status=patch.status or found.status, topic=topic,
        priority=patch.priority or priority_for(found.priority, topic, order),
        updated_at=datetime.now(UTC),
    )
    await repository.update_ticket(uow, changed)
    return TicketView(changed, order)
