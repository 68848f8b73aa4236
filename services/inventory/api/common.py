"""Path parameters and role dependencies shared by the inventory routers."""

from typing import Annotated

from fastapi import Depends, Path
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request

from services.inventory.schemas import SKU_PATTERN, WAREHOUSE_PATTERN
from services.inventory.stock_reader import StockReader
from shared.http.auth import current_role, require

SkuPath = Annotated[str, Path(pattern=SKU_PATTERN, description="The SKU.", examples=["SKU-123"])]
WarehousePath = Annotated[
    str, Path(pattern=WAREHOUSE_PATTERN, description="The warehouse code.", examples=["BER-1"])
]
Reader = Annotated[str, Depends(current_role)]
StockKeeper = Annotated[str, Depends(require("inventory"))]
Checkout = Annotated[str, Depends(require("inventory", "storefront"))]


async def engine_of(request: Request) -> AsyncEngine:
    engine: AsyncEngine = request.app.state.backbone.engine
    return engine


EngineDep = Annotated[AsyncEngine, Depends(engine_of)]


async def stock_reader_of(request: Request) -> StockReader:
    reader: StockReader = request.app.state.stock_reader
    return reader


StockReaderDep = Annotated[StockReader, Depends(stock_reader_of)]
