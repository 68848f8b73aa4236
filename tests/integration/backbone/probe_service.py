"""A minimal service built on the backbone, to test the platform without any business domain."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, FastAPI
from pydantic import BaseModel, Field
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, func, select

from shared.db import create_engine
from shared.errors import Conflict
from shared.events import Envelope
from shared.http.app import create_service_app
from shared.http.auth import require
from shared.http.deps import UowDep
from shared.inbox import Batched
from shared.runtime import Backbone
from shared.settings import ServiceSettings
from shared.tables import backbone_tables
from shared.uow import UnitOfWork

metadata = MetaData()
tables = backbone_tables(metadata)
effects = Table(
    "effects", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("sku", String(200), nullable=False),
    Column("correlation_id", String(200)),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)
things = Table(
    "things", metadata,
    Column("name", String(100), primary_key=True),
    Column("quantity", Integer, nullable=False),
)

SUBSCRIBED = "inventory.stock.depleted.v1"


@dataclass
class Switches:
    """Test-controlled faults: a handler that fails (always, or on one SKU), counted calls."""

    handler_fails: bool = False
    failing_sku: str | None = None
    calls: int = 0
    batches: list[int] = field(default_factory=list)
    applied_by: dict[str, int] = field(default_factory=dict)


class ThingIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    quantity: int = Field(ge=1, le=1_000_000)
    key: str | None = Field(None, max_length=100, description="Event key; defaults to the name.")


def build_router() -> APIRouter:
    router = APIRouter(prefix="/v1")

    @router.post("/things", status_code=201, summary="Create a thing", description="Test route.")
    async def create_thing(
        body: ThingIn, uow: UowDep, _: Annotated[str, Depends(require("inventory"))]
    ) -> dict[str, Any]:
        async with uow:
            exists = (await uow.execute(select(things.c.name).where(things.c.name == body.name))).first()
            if exists:
                raise Conflict(f"A thing named {body.name} exists already.")
            await uow.execute(things.insert().values(name=body.name, quantity=body.quantity))
            uow.publish(SUBSCRIBED, body.key or body.name, {"sku": body.name})
            await uow.commit()
        return {"name": body.name, "quantity": body.quantity}

    @router.get("/explode", summary="Fails", description="Test route raising an unexpected error.")
    async def explode() -> None:
        raise RuntimeError("secret internals")

    return router


def build_handlers(switches: Switches, instance: str) -> dict[str, list[Any]]:
    def check(event: Envelope) -> None:
        switches.calls += 1
        if switches.handler_fails or event.data["sku"] == switches.failing_sku:
            raise RuntimeError("handler bug")
        switches.applied_by[instance] = switches.applied_by.get(instance, 0) + 1

    def effect(event: Envelope) -> dict[str, Any]:
        return {"event_id": event.id, "subject": event.subject, "sku": event.data["sku"],
                "correlation_id": event.correlationid, "applied_at": datetime.now(UTC)}

    async def record_effect(event: Envelope, uow: UnitOfWork) -> None:
        check(event)
        await uow.execute(effects.insert().values(**effect(event)))

    async def record_effects(events: Sequence[Envelope], uow: UnitOfWork) -> None:
        switches.batches.append(len(events))
        for event in events:
            check(event)
        await uow.execute(effects.insert(), [effect(event) for event in events])

    return {SUBSCRIBED: [Batched(record_effect, record_effects)]}


async def create_schema(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    await engine.dispose()


@dataclass
class ProbeService:
    app: FastAPI
    client: httpx.AsyncClient
    switches: Switches

    @property
    def backbone(self) -> Backbone:
        backbone: Backbone = self.app.state.backbone
        return backbone

    async def effect_rows(self) -> list[Any]:
        async with self.backbone.engine.connect() as connection:
            return list((await connection.execute(select(effects).order_by(effects.c.id))).all())

    async def count(self, table: Table) -> int:
        async with self.backbone.engine.connect() as connection:
            return int((await connection.execute(select(func.count()).select_from(table))).scalar_one())


def probe_settings(url: str, bootstrap: str, namespace: str, **overrides: Any) -> ServiceSettings:
    values: dict[str, Any] = {
        "service_name": "probe", "database_url": url, "kafka_bootstrap_servers": bootstrap,
        "kafka_namespace": namespace, "relay_poll_seconds": 0.2, "consumer_max_attempts": 3,
        "consumer_retry_base_seconds": 0.02, "consumer_max_backoff_seconds": 0.5,
        "relay_max_backoff_seconds": 0.5,
    }
    values.update(overrides)
    return ServiceSettings(**values)


@asynccontextmanager
async def run_probe(
    settings: ServiceSettings, switches: Switches | None = None, instance: str = "a"
) -> AsyncIterator[ProbeService]:
    switches = switches or Switches()
    backbone = Backbone.build(settings, tables, build_handlers(switches, instance))
    app = create_service_app(backbone=backbone, title="Probe", description="Backbone test service.",
                             routers=[build_router()])
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://probe") as client:
            yield ProbeService(app, client, switches)
    await asyncio.sleep(0)
