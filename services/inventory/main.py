"""Composition root of the inventory service."""

from fastapi import FastAPI

from services.inventory import api, tables
from services.inventory.handlers import HANDLERS
from services.inventory.settings import Settings
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
    return create_service_app(
        backbone=backbone, title="Inventory", description=DESCRIPTION, routers=[api.router],
        background=[expiry_sweeper(backbone, settings)],
    )
