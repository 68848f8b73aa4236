"""Composition root of the content service."""

from fastapi import FastAPI

from services.content import api, background, tables
from services.content.handlers import handlers
from services.content.settings import Settings
from shared.http.app import create_service_app
from shared.runtime import Backbone

DESCRIPTION = (
    "Page registry, health checks and crawls of product, category, landing and checkout pages; "
    "campaign content checks and content tasks."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    backbone = Backbone.build(settings, tables.backbone, handlers(settings))
    return create_service_app(
        backbone=backbone, title="Content", description=DESCRIPTION, routers=api.ROUTERS,
        background=background.tasks(backbone, settings),
    )
