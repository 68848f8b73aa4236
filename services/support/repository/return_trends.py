"""Queries behind return trends: recent lines per (SKU, reason) and each pair's last window."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from services.support.domain.return_trends import ReturnedLine
from services.support.tables import return_lines, return_trend_windows, returns, transit_damages
from shared.uow import UnitOfWork


async def lock_window(uow: UnitOfWork, sku: str, reason: str) -> datetime | None:
    """Lock the trend row of (SKU, reason), created if needed; the start of its last emitted window."""
    await uow.insert_ignoring_duplicates(return_trend_windows, {"sku": sku, "reason": reason})
    query = (select(return_trend_windows.c.window_start)
             .where(return_trend_windows.c.sku == sku, return_trend_windows.c.reason == reason)
             .with_for_update())
    window_start: datetime | None = (await uow.execute(query)).scalar_one()
    return window_start


async def mark_emitted(uow: UnitOfWork, sku: str, reason: str, window_start: datetime, at: datetime) -> None:
    await uow.execute(return_trend_windows.update().where(
        return_trend_windows.c.sku == sku, return_trend_windows.c.reason == reason,
    ).values(window_start=window_start, emitted_at=at))


async def recent_lines(uow: UnitOfWork, sku: str, reason: str, since: datetime) -> list[ReturnedLine]:
    """Return lines of `sku` with `reason` since a moment, and for `damaged` transit damages too."""
    query = (select(returns.c.created_at.label("at"), return_lines.c.comment)
             .join(returns, returns.c.id == return_lines.c.return_id)
             .where(return_lines.c.sku == sku, return_lines.c.reason == reason,
                    returns.c.created_at >= since))
    lines = [ReturnedLine(**row) for row in (await uow.execute(query)).mappings().all()]
    if reason == "damaged":
        damages = select(transit_damages.c.occurred_at).where(
            transit_damages.c.sku == sku, transit_damages.c.occurred_at >= since)
        lines += [ReturnedLine(at, None) for at in (await uow.execute(damages)).scalars().all()]
    return lines


async def record_transit_damage(
    uow: UnitOfWork, fulfilment_id: str, sku: str, qty: int, at: datetime
) -> bool:
    """Keep one damaged line per shipment and SKU; False when it was recorded before."""
    return await uow.insert_ignoring_duplicates(transit_damages, {
        "fulfilment_id": fulfilment_id, "sku": sku, "qty": qty, "occurred_at": at,
    })
