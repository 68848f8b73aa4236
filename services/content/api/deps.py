"""Dependencies of the content routes: the crawler configuration and the crawl worker."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Path, Request

from services.content.crawler.crawl import CrawlerConfig
from services.content.crawls import CrawlWorker
from services.content.repository import as_utc
from services.content.schemas import PageOut
from services.content.settings import Settings
from shared.http.auth import require


def crawler_config(request: Request) -> CrawlerConfig:
    config: CrawlerConfig = request.app.state.crawler_config
    return config


def crawl_worker(request: Request) -> CrawlWorker:
    worker: CrawlWorker = request.app.state.crawl_worker
    return worker


def content_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.backbone.settings
    return settings


# Ids are UUIDs; anything else cannot name a row and must not reach the database as-is.
IdPath = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,36}$", description="Id (a UUID).")]
ConfigDep = Annotated[CrawlerConfig, Depends(crawler_config)]
WorkerDep = Annotated[CrawlWorker, Depends(crawl_worker)]
SettingsDep = Annotated[Settings, Depends(content_settings)]
ContentWriter = Annotated[str, Depends(require("content"))]


def page_out(row: Any) -> PageOut:
    values = dict(row._mapping)
    for stamp in ("last_updated_at", "checked_at"):
        values[stamp] = as_utc(values[stamp])
    return PageOut.model_validate(values)
