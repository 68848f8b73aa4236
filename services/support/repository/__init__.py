"""Queries of the support service; they run inside a unit of work and never commit.

Functions that lock (`with_for_update`) serve writes only; reads have their own queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, RowMapping, Table, and_, or_, select

from services.support.domain.advisories import Advisory
from services.support.domain.campaigns import Campaign
from services.support.domain.returns import Return, ReturnLine
from services.support.domain.tickets import RecentTicket, Ticket
from services.support.tables import (
    advisories,
    campaign_checks,
    campaigns,
    depleted_skus,
    return_lines,
    returns,
    tickets,
    trend_windows,
)
from shared.http.pagination import decode_keyset, page_of
from shared.uow import UnitOfWork


async def _newest_first(
    uow: UnitOfWork, table: Table, conditions: list[ColumnElement[bool]], limit: int, cursor: str | None,
) -> tuple[list[RowMapping], str | None]:
    """One page of `table` ordered by (created_at, id) descending, after an opaque cursor."""
    query = select(table).where(*conditions)
    after = decode_keyset(cursor, datetime, str)
    if after is not None:
        created_at, last_id = after
        query = query.where(or_(
            table.c.created_at < created_at,
            and_(table.c.created_at == created_at, table.c.id < last_id),
        ))
    query = query.order_by(table.c.created_at.desc(), table.c.id.desc()).limit(limit + 1)
    rows = list((await uow.execute(query)).mappings().all())
    return page_of(rows, limit, lambda r: [r["created_at"], r["id"]])


def _changes(record: Any, *unchanged: str) -> dict[str, Any]:
    return {name: value for name, value in asdict(record).items() if name not in unchanged}


# Tickets

async def insert_ticket(uow: UnitOfWork, ticket: Ticket) -> None:
    await uow.execute(tickets.insert().values(**asdict(ticket)))


async def update_ticket(uow: UnitOfWork, ticket: Ticket) -> None:
    await uow.execute(tickets.update().where(tickets.c.id == ticket.id).values(
        status=ticket.status, priority=ticket.priority, topic=ticket.topic, updated_at=ticket.updated_at,
    ))


async def get_ticket(uow: UnitOfWork, ticket_id: str, lock: bool = False) -> Ticket | None:
    """The ticket; `lock` (writes only) holds its row until the transaction ends."""
    query = select(tickets).where(tickets.c.id == ticket_id)
    row = (await uow.execute(query.with_for_update() if lock else query)).mappings().first()
    return Ticket(**row) if row is not None else None


async def ticket_page(
    uow: UnitOfWork, status: str | None, topic: str | None, sku: str | None, limit: int, cursor: str | None,
) -> tuple[list[Ticket], str | None]:
    conditions = []
    if status is not None:
        conditions.append(tickets.c.status == status)
    if topic is not None:
        conditions.append(tickets.c.topic == topic)
    if sku is not None:
        conditions.append(tickets.c.sku == sku)
    rows, next_cursor = await _newest_first(uow, tickets, conditions, limit, cursor)
    return [Ticket(**r) for r in rows], next_cursor


async def recent_tickets(
    uow: UnitOfWork, topic: str, sku: str | None, url: str | None, since: datetime
) -> list[RecentTicket]:
    target = tickets.c.sku == sku if sku is not None else tickets.c.page_url == url
    query = (
        select(tickets.c.subject, tickets.c.created_at)
        .where(tickets.c.topic == topic, target, tickets.c.created_at >= since)
        .order_by(tickets.c.created_at.desc())
    )
    return [RecentTicket(**r) for r in (await uow.execute(query)).mappings().all()]


async def lock_trend_window(
    uow: UnitOfWork, key: str, topic: str, sku: str | None, url: str | None
) -> datetime | None:
    """Lock the trend row of a (topic, target) pair, created if needed; the start of its last
    emitted window."""
    await uow.insert_ignoring_duplicates(trend_windows, {"key": key, "topic": topic, "sku": sku, "url": url})
    query = select(trend_windows.c.window_start).where(trend_windows.c.key == key).with_for_update()
    window_start: datetime | None = (await uow.execute(query)).scalar_one()
    return window_start


async def mark_trend_emitted(uow: UnitOfWork, key: str, window_start: datetime, emitted_at: datetime) -> None:
    await uow.execute(trend_windows.update().where(trend_windows.c.key == key)
                      .values(window_start=window_start, emitted_at=emitted_at))


# Returns

async def insert_return(uow: UnitOfWork, found: Return) -> None:
    await uow.execute(returns.insert().values(**_changes(found, "lines")))
    await uow.execute(return_lines.insert(), [asdict(line) for line in found.lines])


async def update_return(uow: UnitOfWork, found: Return) -> None:
    """Write the return's status and fields, and the quantities of its lines."""
    await uow.execute(returns.update().where(returns.c.id == found.id)
                      .values(**_changes(found, "id", "lines")))
    for line in found.lines:
        await uow.execute(return_lines.update().where(
            return_lines.c.return_id == line.return_id, return_lines.c.sku == line.sku,
        ).values(**_changes(line, "return_id", "sku")))


async def get_return(uow: UnitOfWork, return_id: str, lock: bool = False) -> Return | None:
    """The return with its lines; `lock` (writes only) holds its row until the transaction ends."""
    query = select(returns).where(returns.c.id == return_id)
    row = (await uow.execute(query.with_for_update() if lock else query)).mappings().first()
    if row is None:
        return None
    [found] = await _with_lines(uow, [row])
    return found


async def return_page(
    uow: UnitOfWork, status: str | None, limit: int, cursor: str | None
) -> tuple[list[Return], str | None]:
    conditions = [returns.c.status == status] if status is not None else []
    rows, next_cursor = await _newest_first(uow, returns, conditions, limit, cursor)
    return await _with_lines(uow, rows), next_cursor


async def _with_lines(uow: UnitOfWork, rows: Sequence[RowMapping]) -> list[Return]:
    lines: dict[str, list[ReturnLine]] = {r["id"]: [] for r in rows}
    if lines:
        query = (select(return_lines).where(return_lines.c.return_id.in_(list(lines)))
                 .order_by(return_lines.c.sku))
        for line in (await uow.execute(query)).mappings().all():
            lines[line["return_id"]].append(ReturnLine(**line))
    return [Return(**r, lines=lines[r["id"]]) for r in rows]


# Advisories

async def advisory_page(
    uow: UnitOfWork, moment: datetime, active: bool | None, campaign_id: str | None, kind: str | None,
    limit: int, cursor: str | None,
) -> tuple[list[Advisory], str | None]:
    """Newest first; `active` keeps the advisories valid at `moment` (true) or the others (false)."""
    conditions = []
    valid_now = (advisories.c.valid_from <= moment) & or_(
        advisories.c.valid_until.is_(None), advisories.c.valid_until > moment
    )
    if active is not None:
        conditions.append(valid_now if active else ~valid_now)
    if campaign_id is not None:
        conditions.append(advisories.c.campaign_id == campaign_id)
    if kind is not None:
        conditions.append(advisories.c.kind == kind)
    rows, next_cursor = await _newest_first(uow, advisories, conditions, limit, cursor)
    return [Advisory(**r) for r in rows], next_cursor


async def get_advisory(uow: UnitOfWork, advisory_id: str, lock: bool = False) -> Advisory | None:
    """The advisory; `lock` (writes only) holds its row until the transaction ends."""
    query = select(advisories).where(advisories.c.id == advisory_id)
    row = (await uow.execute(query.with_for_update() if lock else query)).mappings().first()
    return Advisory(**row) if row is not None else None


async def lock_advisory_by_key(uow: UnitOfWork, dedup_key: str) -> Advisory | None:
    query = select(advisories).where(advisories.c.dedup_key == dedup_key).with_for_update()
    row = (await uow.execute(query)).mappings().first()
    return Advisory(**row) if row is not None else None


async def insert_advisory(uow: UnitOfWork, advisory: Advisory) -> None:
    await uow.execute(advisories.insert().values(**asdict(advisory)))


async def update_advisory(uow: UnitOfWork, advisory: Advisory) -> None:
    await uow.execute(advisories.update().where(advisories.c.id == advisory.id)
                      .values(**_changes(advisory, "id")))


# Campaigns and the signals about them

async def lock_campaign(uow: UnitOfWork, campaign_id: str) -> Campaign | None:
    query = select(campaigns).where(campaigns.c.id == campaign_id).with_for_update()
    row = (await uow.execute(query)).mappings().first()
    return Campaign(**row) if row is not None else None


async def insert_campaign(uow: UnitOfWork, campaign: Campaign) -> None:
    await uow.execute(campaigns.insert().values(**asdict(campaign)))


async def update_campaign(uow: UnitOfWork, campaign: Campaign) -> None:
    await uow.execute(campaigns.update().where(campaigns.c.id == campaign.id)
                      .values(**_changes(campaign, "id")))


async def live_campaigns_with(uow: UnitOfWork, sku: str | None) -> list[Campaign]:
    """Live campaigns advertising `sku` (JSON is filtered here: the list is short)."""
    if sku is None:
        return []
    rows = (await uow.execute(
        select(campaigns).where(campaigns.c.status == "live").order_by(campaigns.c.id)
    )).mappings().all()
    return [Campaign(**r) for r in rows if any(item["sku"] == sku for item in r["items"])]


async def record_check(
    uow: UnitOfWork, source: str, campaign_id: str, request_id: str, result: dict[str, Any], at: datetime,
) -> None:
    """Keep a campaign check's answer; a repeated answer is ignored."""
    await uow.insert_ignoring_duplicates(campaign_checks, {
        "campaign_id": campaign_id, "source": source, "request_id": request_id, "result": result,
        "received_at": at,
    })


async def check_results(uow: UnitOfWork, campaign_id: str, request_id: str) -> dict[str, dict[str, Any]]:
    """The answers to one launch request, by source ("inventory", "content")."""
    rows = await uow.execute(select(campaign_checks.c.source, campaign_checks.c.result).where(
        campaign_checks.c.campaign_id == campaign_id, campaign_checks.c.request_id == request_id,
    ))
    return {row.source: row.result for row in rows}


async def mark_depleted(uow: UnitOfWork, sku: str, at: datetime) -> None:
    await uow.insert_ignoring_duplicates(depleted_skus, {"sku": sku, "depleted_at": at})


async def clear_depleted(uow: UnitOfWork, sku: str) -> None:
    await uow.execute(depleted_skus.delete().where(depleted_skus.c.sku == sku))


async def depleted_among(uow: UnitOfWork, skus: list[str]) -> list[str]:
    query = select(depleted_skus.c.sku).where(depleted_skus.c.sku.in_(skus)).order_by(depleted_skus.c.sku)
    return list((await uow.execute(query)).scalars().all())
