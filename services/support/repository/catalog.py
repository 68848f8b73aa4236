"""The warehouses and SKUs support learned from inventory's events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, func, select

from services.support.tables import known_skus, known_warehouses
from shared.uow import UnitOfWork


async def learn_warehouse(
    uow: UnitOfWork, code: str, name: str | None, country: str | None, at: datetime
) -> None:
    """Know a warehouse; a name and country, when given, replace what was known."""
    inserted = await uow.insert_ignoring_duplicates(
        known_warehouses, {"code": code, "name": name, "country": country, "learned_at": at}
    )
    if not inserted and name is not None:
        await uow.execute(known_warehouses.update().where(known_warehouses.c.code == code)
                          .values(name=name, country=country))


async def learn_sku(uow: UnitOfWork, sku: str, at: datetime) -> None:
    await uow.insert_ignoring_duplicates(known_skus, {"sku": sku, "learned_at": at})


async def known_among(uow: UnitOfWork, skus: list[str]) -> set[str]:
    query = select(known_skus.c.sku).where(known_skus.c.sku.in_(skus))
    return set((await uow.execute(query)).scalars().all())


async def warehouse_is_known(uow: UnitOfWork, code: str) -> bool:
    query = select(known_warehouses.c.code).where(known_warehouses.c.code == code)
    return (await uow.execute(query)).first() is not None


async def first_skus(uow: UnitOfWork, limit: int) -> tuple[list[str], int]:
    """The first `limit` known SKUs in order, and how many are known."""
    return await _first(uow, known_skus.c.sku, limit)


async def first_warehouses(uow: UnitOfWork, limit: int) -> tuple[list[str], int]:
    """The first `limit` known warehouse codes in order, and how many are known."""
    return await _first(uow, known_warehouses.c.code, limit)


async def _first(uow: UnitOfWork, key: Column[str], limit: int) -> tuple[list[str], int]:
    first = list((await uow.execute(select(key).order_by(key).limit(limit))).scalars().all())
    total = int((await uow.execute(select(func.count()).select_from(key.table))).scalar_one())
    return first, total
