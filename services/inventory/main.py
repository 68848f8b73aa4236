"""Composition root of the inventory service."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from services.inventory import api, tables
from services.inventory.handlers import HANDLERS
from services.inventory.settings import Settings
from services.inventory.stock_reader import StockReader
from services.inventory.sweeper import expiry_sweeper
from shared.http.app import create_service_app
from shared.runtime import Backbone

DESCRIPTION = (
    "Warehouses, items, stock levels, the movement ledger and reservations for checkout. "
    "Answers campaign stock checks and processes inspected returns. `GET /v1/stock/{sku}` is "
    "the storefront's hot path."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    backbone = Backbone.build(settings, tables.backbone, HANDLERS)
    reader = StockReader(backbone.engine, settings.database_url, settings.stock_read_pool_size)
    app = create_service_app(
        backbone=backbone, title="Inventory", description=DESCRIPTION, routers=api.ROUTERS,
        background=[expiry_sweeper(backbone, settings)], state={"stock_reader": reader},
    )
    backbone_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        async with backbone_lifespan(application):
            try:
                yield
            finally:
                await reader.close()

    app.router.lifespan_context = lifespan
    return app
