"""Campaign stock checks and the projection of marketing's campaigns they need."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.inventory import domain, repository
from services.inventory.tables import campaign_checks, campaigns, items, movements
from shared.events.payloads.marketing import LaunchRequested
from shared.uow import UnitOfWork

COMPETING_STATUSES = ("requested", "live")


async def remember_campaign(
    uow: UnitOfWork, campaign_id: str, status: str, starts_at: datetime | None = None,
    ends_at: datetime | None = None, expected: dict[str, int | None] | None = None,
) -> None:
    """Upsert what inventory knows of a campaign; fields left None keep their stored value."""
    now = datetime.now(UTC)
    inserted = await uow.insert_ignoring_duplicates(campaigns, {
        "campaign_id": campaign_id, "status": status, "starts_at": _utc(starts_at or now),
        "ends_at": _utc(ends_at or now), "items": expected or {}, "updated_at": now,
    })
    if inserted:
        return
    values: dict[str, Any] = {"status": status, "updated_at": now}
    if starts_at is not None and ends_at is not None:
        values.update(starts_at=_utc(starts_at), ends_at=_utc(ends_at))
    if expected is not None:
        values["items"] = expected
    await uow.execute(update(campaigns).where(campaigns.c.campaign_id == campaign_id).values(**values))


async def run_check(uow: UnitOfWork, request: LaunchRequested) -> dict[str, Any]:
    """Check every campaign SKU, keep the result as the latest for the campaign, publish it."""
    window = domain.CampaignWindow(_utc(request.starts_at), _utc(request.ends_at), request.uplift)
    expected: dict[str, int | None] = {}
    for item in request.items:
        given = expected.get(item.sku)
        units = item.expected_units
        expected[item.sku] = units if given is None else given + (units or 0)
    await remember_campaign(uow, request.campaign_id, "requested", window.starts_at, window.ends_at,
                            expected)
    skus = sorted(expected)
    known = {row.sku: row for row in (await uow.execute(
        select(items.c.sku, items.c.safety_stock).where(items.c.sku.in_(skus))
    )).all()}
    totals = await repository.total_available(uow, skus)
    shipped = await _shipped_since(uow.connection, skus, datetime.now(UTC) - timedelta(days=28))
    competing = await _competing_units(uow.connection, request.campaign_id, window)
    results = [
        domain.check_item(domain.ItemFacts(
            sku=sku, known=sku in known, total_available=totals.get(sku, 0),
            safety_stock=known[sku].safety_stock if sku in known else 0,
            expected_units=expected[sku], shipped_last_28_days=shipped.get(sku, 0),
            competing_units=competing.get(sku, 0),
        ), window)
        for sku in skus
    ]
    payload = {
        "campaign_id": request.campaign_id, "request_id": request.request_id,
        "overall": domain.overall(results), "items": [asdict(result) for result in results],
    }
    event = uow.publish("inventory.campaign_check.completed.v1", request.campaign_id, payload)
    stored = {**event.data, "checked_at": event.time.isoformat()}
    values = {"request_id": request.request_id, "result": stored, "checked_at": event.time}
    if not await uow.insert_ignoring_duplicates(campaign_checks, {"campaign_id": request.campaign_id,
                                                                  **values}):
        await uow.execute(update(campaign_checks)
                          .where(campaign_checks.c.campaign_id == request.campaign_id).values(**values))
    return stored


async def latest_check(connection: AsyncConnection, campaign_id: str) -> dict[str, Any] | None:
    row = (await connection.execute(
        select(campaign_checks.c.result).where(campaign_checks.c.campaign_id == campaign_id)
    )).first()
    return None if row is None else dict(row.result)


async def _shipped_since(connection: AsyncConnection, skus: list[str], since: datetime) -> dict[str, int]:
    statement = (
        select(movements.c.sku, func.sum(-movements.c.delta))
        .where(and_(movements.c.sku.in_(skus), movements.c.reason == "shipment",
                    movements.c.created_at >= since))
        .group_by(movements.c.sku)
    )
    return {sku: int(units or 0) for sku, units in (await connection.execute(statement)).all()}


async def _competing_units(
    connection: AsyncConnection, campaign_id: str, window: domain.CampaignWindow
) -> dict[str, int]:
    """Expected units per SKU of the other requested or live campaigns overlapping this one."""
    rows = (await connection.execute(select(campaigns).where(and_(
        campaigns.c.campaign_id != campaign_id, campaigns.c.status.in_(COMPETING_STATUSES),
    )))).all()
    competing: dict[str, int] = {}
    for row in rows:
        if not window.overlaps(_utc(row.starts_at), _utc(row.ends_at)):
            continue
        for sku, units in dict(row.items).items():
            competing[sku] = competing.get(sku, 0) + int(units or 0)
    return competing


def _utc(moment: datetime) -> datetime:
    """Aware UTC; SQLite gives back naive datetimes of what was stored as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
