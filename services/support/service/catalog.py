"""Known warehouses and SKUs, learned from inventory's events; returns name only those."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from services.support.domain.catalog import KNOWN_SHOWN, refuse_unknown_skus, refuse_unknown_warehouse
from services.support.repository import catalog
from shared.uow import UnitOfWork


async def learn(uow: UnitOfWork, skus: Iterable[str] = (), warehouses: Iterable[str] = ()) -> None:
    """Know the SKUs and warehouse codes an inventory event named."""
    moment = datetime.now(UTC)
    for sku in sorted(set(skus)):
        await catalog.learn_sku(uow, sku, moment)
    for code in sorted(set(warehouses)):
        await catalog.learn_warehouse(uow, code, None, None, moment)


async def learn_warehouse(uow: UnitOfWork, code: str, name: str, country: str) -> None:
    await catalog.learn_warehouse(uow, code, name, country, datetime.now(UTC))


async def require_known_skus(uow: UnitOfWork, skus: list[str]) -> None:
    """Refuse (422) SKUs inventory has never announced, naming the known ones."""
    known = await catalog.known_among(uow, skus)
    if len(known) == len(set(skus)):
        return
    unknown = [(index, sku) for index, sku in enumerate(skus) if sku not in known]
    first, total = await catalog.first_skus(uow, KNOWN_SHOWN)
    raise refuse_unknown_skus([sku for _, sku in unknown], [index for index, _ in unknown], first, total)


async def require_known_warehouse(uow: UnitOfWork, code: str) -> None:
    """Refuse (422) a warehouse inventory has never announced, naming the known ones."""
    if await catalog.warehouse_is_known(uow, code):
        return
    first, total = await catalog.first_warehouses(uow, KNOWN_SHOWN)
    raise refuse_unknown_warehouse(code, first, total)
