"""Composition root of the marketing service."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI

from services.marketing import api, background, tables
from services.marketing.handlers import handlers
from services.marketing.service import PromotionReader
from services.marketing.settings import Settings
from shared.http.app import create_service_app
from shared.runtime import Backbone

DESCRIPTION = (
    "Campaigns, launch readiness and promotions. A launch request asks inventory and content to "
    "check the campaign; the readiness verdict (ready / at risk / blocked) follows from their "
    "answers, and live campaigns are guarded against stock-outs and broken pages."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    backbone = Backbone.build(settings, tables.backbone, handlers(settings))
    reader = PromotionReader(partial(backbone.uow, read_only=True), backbone.engine, settings.database_url,
                             settings.promotions_read_pool_size)
    app = create_service_app(
        backbone=backbone, title="Marketing", description=DESCRIPTION, routers=api.ROUTERS,
        background=background.tasks(backbone, settings), state={"promotion_reader": reader},
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
