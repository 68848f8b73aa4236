"""Composition root of the support service."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from services.support import api, tables
from services.support.domain import RuleViolation
from services.support.handlers import build_handlers
from services.support.settings import Settings
from shared.http.app import create_service_app
from shared.http.problems import problem_response
from shared.runtime import Backbone

DESCRIPTION = (
    "Tickets, returns (RMA) and advisories that warn support agents ahead of campaigns, "
    "stock-outs and broken pages; detects feedback trends."
)


async def _refused(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RuleViolation)
    return problem_response(409, "Conflict", error.detail, "conflict")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    backbone = Backbone.build(settings, tables.backbone, build_handlers(settings))
    app = create_service_app(
        backbone=backbone, title="Support", description=DESCRIPTION, routers=[api.router]
    )
    # Business rules of the pure domain are refusals a person can act on: 409.
    app.add_exception_handler(RuleViolation, _refused)
    return app
