"""Warehouses, items and an item's movement ledger."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.inventory.api.deps import Reader, ReadUow, SkuPath, WarehousePath, Writer, WriteUow
from services.inventory.schemas import Item, ItemIn, Movement, Warehouse, WarehouseIn
from services.inventory.service import catalog
from shared.errors import Invalid
from shared.http.pagination import Cursor, Limit, Page, decode_keyset, page_of
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1", tags=["catalog"])


@router.put(
    "/warehouses/{code}", response_model=Warehouse, summary="Create or update a warehouse",
    description="Upsert by code. 201 when the warehouse is new, 200 when it was updated or already "
    "so. Publishes `inventory.warehouse.changed` when it is new or changed (not when nothing "
    "changed), so other teams know the warehouses. Roles: inventory, admin.",
    responses={201: {"description": "Created.", "model": Warehouse}, **problem_responses(401, 403, 422)},
)
async def put_warehouse(
    code: WarehousePath, body: WarehouseIn, uow: WriteUow, _: Writer, response: Response
) -> Warehouse:
    async with uow:
        created = await catalog.put_warehouse(uow, code, body.name, body.country)
        await uow.commit()
    response.status_code = 201 if created else 200
    return Warehouse(code=code, name=body.name, country=body.country)


@router.get(
    "/warehouses", response_model=Page[Warehouse], summary="List warehouses",
    description="The warehouses by code, paginated. Any authenticated role.",
    responses=problem_responses(401, 422),
)
async def list_warehouses(
    uow: ReadUow, _: Reader, limit: Limit = 50, cursor: Cursor = None
) -> Page[Warehouse]:
    after = decode_keyset(cursor, str)
    async with uow:
        rows = await catalog.list_warehouses(uow, None if after is None else after[0], limit + 1)
    page, next_cursor = page_of(rows, limit, lambda row: [row.code])
    return Page[Warehouse](
        items=[Warehouse.model_validate(row, from_attributes=True) for row in page], next_cursor=next_cursor
    )


@router.put(
    "/items/{sku}", response_model=Item, summary="Create or update an item",
    description="Upsert by SKU. A changed low-stock threshold is applied at once, so it may "
    "emit a threshold event. 201 when new, 200 when updated. Roles: inventory, admin.",
    responses={201: {"description": "Created.", "model": Item}, **problem_responses(401, 403, 422)},
)
async def put_item(sku: SkuPath, body: ItemIn, uow: WriteUow, _: Writer, response: Response) -> Item:
    async with uow:
        created = await catalog.put_item(uow, sku, body.name, body.low_stock_threshold, body.safety_stock)
        await uow.commit()
    response.status_code = 201 if created else 200
    return Item(sku=sku, **body.model_dump())


@router.get(
    "/items/{sku}", response_model=Item, summary="Get an item",
    description="The item's name, low-stock threshold and safety stock. Any authenticated role.",
    responses=problem_responses(401, 404, 422),
)
async def get_item(sku: SkuPath, uow: ReadUow, _: Reader) -> Item:
    async with uow:
        found = await catalog.get_item(uow, sku)
    return Item.model_validate(found, from_attributes=True)


@router.get(
    "/items/{sku}/movements", response_model=Page[Movement], summary="An item's movement ledger",
    description="Every movement of the SKU, newest first, paginated. Any authenticated role.",
    responses=problem_responses(401, 404, 422),
)
async def list_movements(
    sku: SkuPath, uow: ReadUow, _: Reader, limit: Limit = 50, cursor: Cursor = None
) -> Page[Movement]:
    after = decode_keyset(cursor, int)
    if after is not None and after[0] <= 0:
        raise Invalid("The cursor is not one this API issued.")
    async with uow:
        rows = await catalog.movements_of(uow, sku, None if after is None else after[0], limit + 1)
    page, next_cursor = page_of(rows, limit, lambda row: [row.id])
    return Page[Movement](
        items=[Movement.model_validate(row, from_attributes=True) for row in page], next_cursor=next_cursor
    )
