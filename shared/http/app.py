"""Builds a service's FastAPI app: middleware, problem handlers, ops and admin routes, lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from starlette.types import ASGIApp

from shared.asyncapi import asyncapi_document
from shared.events.catalog import service_topic
from shared.http import dead_letters, ops, outbox
from shared.http.auth import KeyRing
from shared.http.idempotency import IdempotencyMiddleware
from shared.http.middleware import BodyLimitMiddleware, RequestMiddleware
from shared.http.problems import install_problem_handlers
from shared.observability import configure_logging
from shared.runtime import Backbone, BackgroundTask
from shared.tracing import configure_tracing, instrument


def create_service_app(
    *,
    backbone: Backbone,
    title: str,
    description: str,
    routers: list[APIRouter],
    background: list[BackgroundTask] | None = None,
    state: dict[str, Any] | None = None,
) -> FastAPI:
    settings = backbone.settings
    configure_logging(settings.service_name, settings.log_level)
    configure_tracing(settings.service_name, settings.otel_exporter_otlp_endpoint)
    exporting = bool(settings.otel_exporter_otlp_endpoint)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await backbone.start(background or [])
        try:
            yield
        finally:
            await backbone.stop()

    # FastAPI's own telemetry is off: it would record three spans and metrics per request through the
    # SDK tracer provider every process has (shared.tracing), a third of a cached read's cost. Spans
    # come from RequestMiddleware (writes) and, when exporting, the standard instrumentation.
    app = FastAPI(
        title=title, description=description, version="1.0.0", lifespan=lifespan,
        redoc_url=None, telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.backbone = backbone
    app.state.key_ring = KeyRing(settings.parsed_api_keys())
    app.state.asyncapi = asyncapi_document(
        settings.service_name, title, service_topic(settings.service_name), backbone.applier.handlers
    )
    for name, value in (state or {}).items():
        setattr(app.state, name, value)
    install_problem_handlers(app)
    app.include_router(ops.router)
    for router in routers:
        app.include_router(router)
    app.include_router(dead_letters.router)
    app.include_router(outbox.router)

    def writes(routes: ASGIApp) -> ASGIApp:
        idempotent = IdempotencyMiddleware(routes, engine=backbone.engine, tables=backbone.tables,
                                           ttl_hours=settings.idempotency_ttl_hours)
        return BodyLimitMiddleware(idempotent, max_bytes=settings.max_body_bytes)

    app.add_middleware(RequestMiddleware, metrics=backbone.metrics, writes=writes,
                       trace_writes=not exporting)
    if exporting:
        instrument(app, backbone.engine)
    return app
