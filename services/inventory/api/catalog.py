"""Warehouses, items and an item's movement ledger."""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy import and_, select

from services.inventory import repository
from services.inventory.api.common import EngineDep, Reader, SkuPath, StockKeeper, WarehousePath
from services.inventory.schemas import Item, ItemIn, Movement, Warehouse, WarehouseIn
from services.inventory.tables import items, movements, warehouses
from shared.errors import Invalid, NotFound
from shared.http.deps import UowDep
from shared.http.pagination import Cursor, Limit, Page, decode_cursor, page_of
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1", tags=["catalog"])


@router.put(
    "/warehouses/{code}", response_model=Warehouse, summary="Create or update a warehouse",
    description="Upsert by code. 201 when the warehouse is new, 200 when it was updated. "
    "Roles: inventory, admin.",
    responses={201: {"description": "Created.", "model": Warehouse}, **problem_responses(401, 403, 422)},
)
async def put_warehouse(
    code: WarehousePath, body: WarehouseIn, uow: UowDep, _: StockKeeper, response: Response
) -> Warehouse:
    async with uow:
        values = {"name": body.name, "country": body.country}
        created = await uow.insert_ignoring_duplicates(warehouses, {"code": code, **values})
        if not created:
            await uow.execute(warehouses.update().where(warehouses.c.code == code).values(**values))
        await uow.commit()
    response.status_code = 201 if created else 200
    return Warehouse(code=code, **values)


@router.get(
    "/warehouses", response_model=list[Warehouse], summary="List warehouses",
    description="Every warehouse, by code. Any authenticated role.",
    responses=problem_responses(401),
)
async def list_warehouses(engine: EngineDep, _: Reader) -> list[Warehouse]:
    async with engine.connect() as connection:
        rows = (await connection.execute(select(warehouses).order_by(warehouses.c.code))).all()
    return [Warehouse(code=r.code, name=r.name, country=r.country) for r in rows]


@router.put(
    "/items/{sku}", response_model=Item, summary="Create or update an item",
    description="Upsert by SKU. A changed low-stock threshold is applied at once, so it may "
    "emit a threshold event. 201 when new, 200 when updated. Roles: inventory, admin.",
    responses={201: {"description": "Created.", "model": Item}, **problem_responses(401, 403, 422)},
)
async def put_item(sku: SkuPath, body: ItemIn, uow: UowDep, _: StockKeeper, response: Response) -> Item:
    values = body.model_dump()
    async with uow:
        # A new item has no stock, so it starts on the depleted side of the lines: its first
        # stocking above the threshold is published as `replenished`.
        created = await uow.insert_ignoring_duplicates(
            items, {"sku": sku, "stock_state": "depleted", **values}
        )
        if not created:
            await uow.execute(items.update().where(items.c.sku == sku).values(**values))
            await repository.publish_crossings(uow, await repository.lock_items(uow, [sku]))
        await uow.commit()
    response.status_code = 201 if created else 200
    return Item(sku=sku, **values)


@router.get(
    "/items/{sku}", response_model=Item, summary="Get an item",
    description="The item's name, low-stock threshold and safety stock. Any authenticated role.",
    responses=problem_responses(401, 404, 422),
)
async def get_item(sku: SkuPath, engine: EngineDep, _: Reader) -> Item:
    async with engine.connect() as connection:
        row = (await connection.execute(select(items).where(items.c.sku == sku))).first()
    if row is None:
        raise NotFound(f"No item {sku}.")
    return Item(sku=row.sku, name=row.name, low_stock_threshold=row.low_stock_threshold,
                safety_stock=row.safety_stock)


@router.get(
    "/items/{sku}/movements", response_model=Page[Movement], summary="An item's movement ledger",
    description="Every movement of the SKU, newest first, paginated. Any authenticated role.",
    responses=problem_responses(401, 404, 422),
)
async def list_movements(
    sku: SkuPath, engine: EngineDep, _: Reader, limit: Limit = 50, cursor: Cursor = None
) -> Page[Movement]:
    after = decode_cursor(cursor, 1)
    condition = movements.c.sku == sku
    if after is not None:
        if not isinstance(after[0], int) or not 0 < after[0] < 2**63:
            raise Invalid("The cursor is not one this API issued.")
        condition = and_(condition, movements.c.id < after[0])
    async with engine.connect() as connection:
        if (await connection.execute(select(items.c.sku).where(items.c.sku == sku))).first() is None:
            raise NotFound(f"No item {sku}.")
        rows = (await connection.execute(
            select(movements).where(condition).order_by(movements.c.id.desc()).limit(limit + 1)
        )).all()
    page, next_cursor = page_of(list(rows), limit, lambda row: [row.id])
    return Page[Movement](
        items=[Movement.model_validate(row._asdict()) for row in page], next_cursor=next_cursor
    )
