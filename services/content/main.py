"""Composition root of the content service."""

from fastapi import FastAPI

from services.content import tables
from services.content.api import build_router
from services.content.crawler.crawl import CrawlerConfig
from services.content.crawls import CrawlWorker
from services.content.handlers import handler_table
from services.content.settings import Settings
from shared.http.app import create_service_app
from shared.runtime import Backbone

DESCRIPTION = (
    "Page registry, health checks and crawls of product, category, landing and checkout pages; "
    "campaign content checks and content tasks."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    config = CrawlerConfig.from_settings(settings)
    backbone = Backbone.build(settings, tables.backbone, handler_table(config))
    worker = CrawlWorker(backbone.uow, config, settings.crawl_poll_seconds, settings.recheck_interval_seconds)
    return create_service_app(
        backbone=backbone, title="Content", description=DESCRIPTION, routers=[build_router()],
        background=[worker.run, worker.recheck],
        state={"crawler_config": config, "crawl_worker": worker},
    )
