"""Stock figures for the storefront and stock movements for the warehouse team."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import TypeAdapter

from services.inventory.api.deps import Reader, SkuPath, Writer, WriteUow
from services.inventory.schemas import SKU_PATTERN, MovementIn, MovementRecorded, Stock, StockList
from services.inventory.service import stock
from services.inventory.service.stock_reads import StockReads, StockView
from shared.errors import Invalid, NotFound
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1", tags=["stock"])

MAX_BATCH = 200
_SKU = re.compile(SKU_PATTERN)
# Stock views go to JSON in one step, without a response model on the way.
_ONE = TypeAdapter(StockView)
_LIST = TypeAdapter(dict[str, list[StockView]])


def _json(body: bytes) -> Response:
    return Response(body, media_type="application/json")


def _reads(request: Request) -> StockReads:
    reads: StockReads = request.app.state.stock_reads
    return reads


@router.get(
    "/stock/{sku}", response_model=Stock, summary="Stock of one SKU",
    description="On hand, reserved and available across warehouses, with the storefront status "
    "(in_stock, low, out_of_stock) and per-warehouse figures. The storefront's hot path: one "
    "indexed query. Any authenticated role.",
    responses=problem_responses(401, 404, 422),
)
async def get_stock(sku: SkuPath, request: Request, _: Reader) -> Response:
    # No ReadUow and the stock reads taken from the app state: no dependency more than needed on
    # the hottest path. The stock reads open their own read-only unit of work when they need one.
    views = await _reads(request).views([sku])
    if not views:
        raise NotFound(f"No item {sku}.")
    return _json(_ONE.dump_json(views[sku]))


@router.get(
    "/stock", response_model=StockList, summary="Stock of several SKUs",
    description="The stock of up to 200 comma-separated SKUs in one query, in the order asked; "
    "SKUs inventory does not know are left out. Any authenticated role.",
    responses=problem_responses(401, 422),
)
async def get_stock_batch(
    request: Request, _: Reader,
    skus: Annotated[str, Query(min_length=1, max_length=MAX_BATCH * 65,
                               description="Comma-separated SKUs, at most 200.",
                               examples=["SKU-123,SKU-124"])],
) -> Response:
    wanted = list(dict.fromkeys(part.strip() for part in skus.split(",") if part.strip()))
    if not wanted or len(wanted) > MAX_BATCH:
        raise Invalid(f"Ask for 1 to {MAX_BATCH} SKUs.")
    malformed = [sku for sku in wanted if not _SKU.match(sku)]
    if malformed:
        raise Invalid("Some SKUs are malformed.", skus=malformed[:10])
    views = await _reads(request).views(wanted)
    return _json(_LIST.dump_json({"items": [views[sku] for sku in wanted if sku in views]}))


@router.post(
    "/stock/movements", status_code=201, response_model=MovementRecorded,
    summary="Record a stock movement",
    description="Changes on hand in one warehouse and appends the movement to the ledger. Stock "
    "never goes negative nor below what is reserved (409). Unknown SKU or warehouse: 404. "
    "Publishes `stock.changed` and any threshold crossing. Roles: inventory, admin.",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def record_movement(body: MovementIn, uow: WriteUow, _: Writer) -> MovementRecorded:
    async with uow:
        recorded = await stock.record_movement(
            uow, body.sku, body.warehouse, body.delta, body.reason, body.reference
        )
        await uow.commit()
    return MovementRecorded.model_validate(recorded, from_attributes=True)
