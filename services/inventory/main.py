"""Composition root of the inventory service."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI

from services.inventory import api, background, tables
from services.inventory.handlers import handlers
from services.inventory.service.stock_reads import StockReads
from services.inventory.settings import Settings
from shared.http.app import create_service_app
from shared.runtime import Backbone

DESCRIPTION = (
    "Warehouses, items, stock levels, the movement ledger and reservations for checkout. "
    "Answers campaign stock checks, processes inspected returns, fulfils orders (pick, pack, ship, "
    "carrier tracking, delays) and keeps quality alerts from return trends. `GET /v1/stock/{sku}` is "
    "the storefront's hot path."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    backbone = Backbone.build(settings, tables.backbone, handlers(settings))
    stock_reads = StockReads(partial(backbone.uow, read_only=True), backbone.engine,
                             settings.database_url, settings.stock_read_pool_size)
    app = create_service_app(
        backbone=backbone, title="Inventory", description=DESCRIPTION, routers=api.ROUTERS,
        background=background.tasks(backbone, settings), state={"stock_reads": stock_reads},
    )
    backbone_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        async with backbone_lifespan(application):
            try:
                yield
            finally:
                await stock_reads.close()

    app.router.lifespan_context = lifespan
    return app
