"""The open return of each order and SKU, which keeps a second one from being opened."""

from __future__ import annotations

from sqlalchemy import select

from services.support.tables import open_return_lines, returns
from shared.uow import UnitOfWork


async def claim(uow: UnitOfWork, order_ref: str, sku: str, return_id: str) -> bool:
    """Make `return_id` the open return of (order, SKU); False when another one holds it."""
    return await uow.insert_ignoring_duplicates(
        open_return_lines, {"order_ref": order_ref, "sku": sku, "return_id": return_id}
    )


async def holder(uow: UnitOfWork, order_ref: str, sku: str) -> tuple[str, str] | None:
    """The id and status of the open return of (order, SKU), if any."""
    query = (select(returns.c.id, returns.c.status)
             .join(open_return_lines, open_return_lines.c.return_id == returns.c.id)
             .where(open_return_lines.c.order_ref == order_ref, open_return_lines.c.sku == sku))
    row = (await uow.execute(query)).first()
    return None if row is None else (row.id, row.status)


async def release(uow: UnitOfWork, return_id: str) -> None:
    """The return closed: its order and SKUs may be returned again."""
    await uow.execute(open_return_lines.delete().where(open_return_lines.c.return_id == return_id))
