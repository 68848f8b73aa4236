"""Composition root of the marketing service."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from services.marketing import api, tables
from services.marketing.domain import DomainError, IllegalTransition
from services.marketing.handlers import HANDLERS
from services.marketing.promotion_reader import PromotionReader
from services.marketing.schedules import background_tasks
from services.marketing.settings import Settings
from shared.http.app import create_service_app
from shared.http.problems import problem_response
from shared.runtime import Backbone

DESCRIPTION = (
    "Campaigns, launch readiness and promotions. A launch request asks inventory and content to "
    "check the campaign; the readiness verdict (ready / at risk / blocked) follows from their "
    "answers, and live campaigns are guarded against stock-outs and broken pages."
)


async def _refused(_: Request, error: Exception) -> JSONResponse:
    """A business rule said no (an illegal transition, a blocked launch): 409 saying why."""
    extra = {"current_status": error.status.value} if isinstance(error, IllegalTransition) else {}
    return problem_response(409, "Conflict", str(error), "conflict", **extra)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    backbone = Backbone.build(settings, tables.backbone, HANDLERS)
    reader = PromotionReader(lambda: backbone.uow(read_only=True), settings.database_url,
                             settings.promotions_read_pool_size)
    app = create_service_app(
        backbone=backbone, title="Marketing", description=DESCRIPTION, routers=api.routers,
        background=background_tasks(backbone, settings), state={"promotion_reader": reader},
    )
    app.add_exception_handler(DomainError, _refused)
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
