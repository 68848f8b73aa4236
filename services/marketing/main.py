"""Composition root of the marketing service."""

from fastapi import FastAPI

from services.marketing import api, tables
from services.marketing.handlers import HANDLERS
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
    backbone = Backbone.build(settings, tables.backbone, HANDLERS)
    return create_service_app(
        backbone=backbone, title="Marketing", description=DESCRIPTION, routers=[api.router]
    )
