"""Operations endpoints: health, readiness, metrics, the AsyncAPI document."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import func, select

from shared.runtime import Backbone

router = APIRouter(tags=["operations"])


def _backbone(request: Request) -> Backbone:
    backbone: Backbone = request.app.state.backbone
    return backbone


@router.get("/healthz", summary="Process alive", description="Answers 200 while the process runs.")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


async def _broker_reachable(bootstrap: str) -> bool:
    host, _, port = bootstrap.split(",")[0].strip().rpartition(":")
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), timeout=0.5)
    except (OSError, TimeoutError, ValueError):
        return False
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True


@router.get(
    "/readyz", summary="Ready to serve",
    description="200 when the database is reachable, 503 otherwise. The body also reports "
                "broker reachability and the outbox backlog.",
)
async def readyz(request: Request) -> JSONResponse:
    backbone = _backbone(request)
    body: dict[str, Any] = {"database": "down", "outbox_backlog": None}
    try:
        async with backbone.engine.connect() as connection:
            outbox = backbone.tables.outbox
            body["outbox_backlog"] = (await connection.execute(
                select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
            )).scalar_one()
        body["database"] = "up"
    except Exception as error:  # any failure to reach the database means "not ready"
        body["database_error"] = type(error).__name__
    body["broker"] = "up" if await _broker_reachable(backbone.settings.kafka_bootstrap_servers) else "down"
    body["relay_leader"] = backbone.relay.is_leader
    body["consumer_partitions"] = backbone.consumer.assigned_partitions
    body["status"] = "ready" if body["database"] == "up" else "not ready"
    return JSONResponse(body, status_code=200 if body["database"] == "up" else 503)


@router.get(
    "/metrics", summary="Prometheus metrics", description="Prometheus text format.",
    response_class=PlainTextResponse,
    responses={200: {"content": {CONTENT_TYPE_LATEST.split(";")[0]: {"schema": {"type": "string"}}}}},
)
async def metrics(request: Request) -> Response:
    return Response(generate_latest(_backbone(request).metrics.registry), media_type=CONTENT_TYPE_LATEST)


@router.get(
    "/asyncapi.json", summary="AsyncAPI document",
    description="AsyncAPI 3.0 document of the channels this service sends to and receives from.",
)
async def asyncapi(request: Request) -> dict[str, Any]:
    document: dict[str, Any] = request.app.state.asyncapi
    return document
