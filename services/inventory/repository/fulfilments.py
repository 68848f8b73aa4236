"""Fulfilments, the carrier scans received for them and their open delay reasons."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, or_, select, update
from sqlalchemy.engine import Row

from services.inventory.domain.fulfilments import BEFORE_SHIPPING, FINAL, ON_THE_WAY
from services.inventory.tables import carrier_scans, fulfilment_delays, fulfilments
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class Fulfilment:
    id: str
    order_ref: str
    reservation_id: str
    warehouse: str
    status: str
    service_level: str
    ship_by: datetime
    deliver_by: datetime | None
    packages: int | None
    carrier: str | None
    tracking_number: str | None
    tracking_url: str | None
    exception_kind: str | None
    exception_detail: str | None
    exception_at: datetime | None
    cancel_reason: str | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    latest_scan_at: datetime | None
    created_at: datetime
    updated_at: datetime
    delay_reasons: tuple[str, ...] = ()


_COLUMNS = [f.name for f in fields(Fulfilment) if f.name != "delay_reasons"]


@dataclass(frozen=True)
class Scan:
    carrier: str
    event_id: str
    tracking_number: str
    status: str
    occurred_at: datetime
    detail: str | None


@dataclass(frozen=True)
class FulfilmentFilter:
    status: str | None = None
    warehouse: str | None = None
    delayed: bool | None = None
    order_ref: str | None = None


def _fulfilment(row: Row[Any], delay_reasons: tuple[str, ...] = ()) -> Fulfilment:
    return Fulfilment(**{name: getattr(row, name) for name in _COLUMNS}, delay_reasons=delay_reasons)


async def claim(uow: UnitOfWork, values: dict[str, Any]) -> bool:
    """Insert a fulfilment; False when its reservation already has one."""
    return await uow.insert_ignoring_duplicates(fulfilments, values)


async def get(uow: UnitOfWork, fulfilment_id: str, lock: bool = False) -> Fulfilment | None:
    statement = select(fulfilments).where(fulfilments.c.id == fulfilment_id)
    row = (await uow.execute(statement.with_for_update() if lock else statement)).first()
    if row is None:
        return None
    return _fulfilment(row, tuple(sorted(await open_delays(uow, fulfilment_id))))


async def of_reservation(uow: UnitOfWork, reservation_id: str) -> Fulfilment | None:
    row = (await uow.execute(
        select(fulfilments.c.id).where(fulfilments.c.reservation_id == reservation_id))).first()
    return None if row is None else await get(uow, row.id)


async def lock_by_tracking(uow: UnitOfWork, carrier: str, tracking_number: str) -> Fulfilment | None:
    row = (await uow.execute(select(fulfilments.c.id).where(and_(
        fulfilments.c.carrier == carrier, fulfilments.c.tracking_number == tracking_number)))).first()
    return None if row is None else await get(uow, row.id, lock=True)


async def tracking_taken(uow: UnitOfWork, carrier: str, tracking_number: str) -> bool:
    statement = select(fulfilments.c.id).where(and_(
        fulfilments.c.carrier == carrier, fulfilments.c.tracking_number == tracking_number))
    return (await uow.execute(statement)).first() is not None


async def change(uow: UnitOfWork, fulfilment_id: str, **values: Any) -> None:
    await uow.execute(update(fulfilments).where(fulfilments.c.id == fulfilment_id).values(**values))


async def page(
    uow: UnitOfWork, wanted: FulfilmentFilter, after: tuple[datetime, str] | None, limit: int
) -> list[Fulfilment]:
    """Fulfilments matching the filter, newest first, after the keyset `(created_at, id)`."""
    conditions = []
    if wanted.status is not None:
        conditions.append(fulfilments.c.status == wanted.status)
    if wanted.warehouse is not None:
        conditions.append(fulfilments.c.warehouse == wanted.warehouse)
    if wanted.order_ref is not None:
        conditions.append(fulfilments.c.order_ref == wanted.order_ref)
    if wanted.delayed is not None:
        is_delayed = exists().where(fulfilment_delays.c.fulfilment_id == fulfilments.c.id)
        conditions.append(is_delayed if wanted.delayed else ~is_delayed)
    if after is not None:
        created_at, fulfilment_id = after
        conditions.append(or_(fulfilments.c.created_at < created_at,
                              and_(fulfilments.c.created_at == created_at, fulfilments.c.id < fulfilment_id)))
    statement = (select(fulfilments).where(and_(True, *conditions))
                 .order_by(fulfilments.c.created_at.desc(), fulfilments.c.id.desc()).limit(limit))
    rows = (await uow.execute(statement)).all()
    delays = await _delays_of(uow, [row.id for row in rows])
    return [_fulfilment(row, tuple(sorted(delays.get(row.id, ())))) for row in rows]


async def record_scan(uow: UnitOfWork, fulfilment_id: str, scan: Scan, received_at: datetime) -> bool:
    """True the first time this (carrier, event_id) is received."""
    return await uow.insert_ignoring_duplicates(carrier_scans, {
        "carrier": scan.carrier, "event_id": scan.event_id, "fulfilment_id": fulfilment_id,
        "tracking_number": scan.tracking_number, "status": scan.status,
        "occurred_at": scan.occurred_at, "detail": scan.detail, "received_at": received_at,
    })


async def open_delays(uow: UnitOfWork, fulfilment_id: str) -> set[str]:
    return (await _delays_of(uow, [fulfilment_id])).get(fulfilment_id, set())


async def _delays_of(uow: UnitOfWork, fulfilment_ids: list[str]) -> dict[str, set[str]]:
    if not fulfilment_ids:
        return {}
    rows = (await uow.execute(select(fulfilment_delays.c.fulfilment_id, fulfilment_delays.c.reason)
                              .where(fulfilment_delays.c.fulfilment_id.in_(fulfilment_ids)))).all()
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row.fulfilment_id, set()).add(row.reason)
    return found


async def open_delay(uow: UnitOfWork, fulfilment_id: str, reason: str, since: datetime) -> bool:
    """True when the reason was not open yet."""
    return await uow.insert_ignoring_duplicates(
        fulfilment_delays, {"fulfilment_id": fulfilment_id, "reason": reason, "since": since})


async def close_delay(uow: UnitOfWork, fulfilment_id: str, reason: str) -> bool:
    """True when the reason was open."""
    result = await uow.execute(delete(fulfilment_delays).where(and_(
        fulfilment_delays.c.fulfilment_id == fulfilment_id, fulfilment_delays.c.reason == reason)))
    return bool(result.rowcount)


async def possibly_delayed(uow: UnitOfWork, now: datetime, stalled_after: timedelta, limit: int) -> list[str]:
    """Unfinished fulfilments past a limit of the delay rules whose reason is not open yet (the
    sweep's domain rules decide); at most `limit`, the oldest first."""
    status = fulfilments.c.status
    last_sign = fulfilments.c.latest_scan_at
    not_shipped = and_(status.in_(BEFORE_SHIPPING), fulfilments.c.ship_by <= now,
                       _not_open("not_shipped_in_time"))
    stalled = and_(status.in_(ON_THE_WAY), _not_open("no_carrier_scan"),
                   fulfilments.c.shipped_at <= now - stalled_after,
                   or_(last_sign.is_(None), last_sign <= now - stalled_after))
    late = and_(fulfilments.c.deliver_by <= now, _not_open("late_delivery"))
    statement = (
        select(fulfilments.c.id)
        .where(and_(status.not_in(FINAL), or_(not_shipped, stalled, late)))
        .order_by(fulfilments.c.created_at, fulfilments.c.id)
        .limit(limit)
    )
    return [row.id for row in (await uow.execute(statement)).all()]


def _not_open(reason: str) -> Any:
    return ~exists().where(and_(fulfilment_delays.c.fulfilment_id == fulfilments.c.id,
                                fulfilment_delays.c.reason == reason))
