"""Run a service app in-process (lifespan, relay, consumer) and talk to it over ASGI HTTP."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI

from shared.migrate import upgrade
from shared.runtime import Backbone
from shared.settings import ServiceSettings


def auth(role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer dev-{role}"}


@dataclass
class ServiceUnderTest:
    name: str
    app: FastAPI
    settings: ServiceSettings
    client: httpx.AsyncClient

    @property
    def backbone(self) -> Backbone:
        backbone: Backbone = self.app.state.backbone
        return backbone

    def as_role(self, role: str) -> dict[str, str]:
        return auth(role)


def service_settings(name: str, **values: Any) -> ServiceSettings:
    module = importlib.import_module(f"services.{name}.settings")
    settings: ServiceSettings = module.Settings(**values)
    return settings


@asynccontextmanager
async def run_service(
    name: str, database_url: str, bootstrap: str, namespace: str, **overrides: Any
) -> AsyncIterator[ServiceUnderTest]:
    """Migrate a database, build the app with test settings, run its lifespan, yield a client."""
    values: dict[str, Any] = {
        "database_url": database_url, "kafka_bootstrap_servers": bootstrap,
        "kafka_namespace": namespace, "relay_poll_seconds": 0.2,
        "consumer_retry_base_seconds": 0.05, "consumer_max_backoff_seconds": 1.0,
        "relay_max_backoff_seconds": 1.0, "kafka_topic_partitions": 3,
    }
    values.update(overrides)
    settings = service_settings(name, **values)
    await asyncio.to_thread(upgrade, name, database_url)
    create_app = importlib.import_module(f"services.{name}.main").create_app
    app: FastAPI = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{name}") as client:
            yield ServiceUnderTest(name, app, settings, client)
