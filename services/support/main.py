"""Composition root of the support service."""

from fastapi import FastAPI

from services.support import api, tables
from services.support.handlers import handlers
from services.support.settings import Settings
from shared.http.app import create_service_app
from shared.runtime import Backbone

DESCRIPTION = (
    "Tickets, returns (RMA) and advisories that warn support agents ahead of campaigns, "
    "stock-outs and broken pages; detects feedback trends."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    backbone = Backbone.build(settings, tables.backbone, handlers(settings))
    return create_service_app(
        backbone=backbone, title="Support", description=DESCRIPTION, routers=api.ROUTERS
    )
