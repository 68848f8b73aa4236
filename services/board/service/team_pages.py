"""The support and content pages: the read model plus what only the owning service knows."""

from __future__ import annotations

from services.board import domain
from services.board.repository import feed, signals
from services.board.schemas import ContentPage, SupportPage
from services.board.service import actions
from services.board.service.accounts import Session
from services.board.service.clients import ServiceClients
from shared.uow import UnitOfWork

LIST_LIMIT = 50


async def support_page(
    uow: UnitOfWork, clients: ServiceClients, session: Session, order_ref: str | None,
) -> SupportPage:
    async with uow:
        seq = await feed.latest_seq(uow)
        trends = await signals.recent_trends(uow, "feedback", LIST_LIMIT)
        delays = await signals.delayed_fulfilments(uow, LIST_LIMIT)
    advisories, note = await actions.active_advisories(clients, session)
    order, order_note = None, None
    if order_ref:
        answer = await actions.lookup_order(clients, session, order_ref)
        if answer.ok:
            order = domain.order_view(order_ref, answer.body)
        else:
            order_note = answer.text
    return SupportPage(seq, advisories, note, trends, delays, order_ref, order, order_note)


async def content_page(uow: UnitOfWork, clients: ServiceClients, session: Session) -> ContentPage:
    async with uow:
        seq = await feed.latest_seq(uow)
        broken = await signals.broken_pages(uow, LIST_LIMIT)
    tasks, note = await actions.open_tasks(clients, session)
    return ContentPage(seq, broken, tasks, note)
