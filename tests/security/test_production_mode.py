"""Production mode (SPEC 3): answers carry no internals and API keys never reach the logs.
Refusing dev keys and missing keys is in tests/integration/backbone/test_http_conventions.py."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.support.apps import run_service, service_settings
from tests.support.broker import Broker
from tests.support.databases import sqlite_url

ADMIN_KEY = "prod-admin-7f3c9a1e5d"
INVENTORY_KEY = "prod-inventory-2b8e4f6a0c"
GUESSED_KEY = "prod-guess-9d1a3c5e7b"


class Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(logging.Formatter("%(message)s %(exc_text)s").format(record))


@pytest.fixture
def logs() -> Iterator[Collected]:
    handler = Collected()
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)


def test_refused_settings_do_not_echo_keys_or_passwords() -> None:
    for keys in (ADMIN_KEY, f"{ADMIN_KEY}:superuser", f"dev-admin:admin,{ADMIN_KEY}:admin"):
        with pytest.raises(ValidationError) as refused:
            service_settings("inventory", app_env="production", api_keys=keys,
                             database_url="postgresql+asyncpg://shop:pg-pass-4e2a@db/inventory")
        assert ADMIN_KEY not in str(refused.value)
        assert "pg-pass-4e2a" not in str(refused.value)


async def test_production_service_never_logs_keys_nor_answers_with_internals(
    broker: Broker, tmp_path: Path, logs: Collected,
) -> None:
    keys = f"{ADMIN_KEY}:admin,{INVENTORY_KEY}:inventory"
    async with run_service("inventory", sqlite_url(tmp_path, "inventory"), broker.bootstrap,
                           f"p{uuid.uuid4().hex[:8]}.", app_env="production", api_keys=keys,
                           log_level="DEBUG") as service:
        logging.getLogger().addHandler(logs)  # the app configured logging afresh on start
        client = service.client
        calls = [
            ("PUT", "/v1/warehouses/WH-1", INVENTORY_KEY, {"name": "Main", "country": "DE"}),
            ("PUT", "/v1/items/SKU-1", INVENTORY_KEY, {"name": "Lamp"}),
            ("POST", "/v1/stock/movements", INVENTORY_KEY,
             {"sku": "SKU-1", "warehouse": "WH-1", "delta": -5, "reason": "shipment"}),
            ("POST", "/v1/stock/movements", ADMIN_KEY, {"sku": "SKU-404", "warehouse": "WH-1", "delta": 1,
                                                        "reason": "receipt"}),
            ("POST", "/v1/stock/movements", ADMIN_KEY, {"sku": "??", "delta": "many"}),
            ("GET", "/v1/stock/SKU-1", GUESSED_KEY, None),
            ("GET", "/v1/stock/SKU-1", "dev-admin", None),
            ("DELETE", "/v1/stock/SKU-1", ADMIN_KEY, None),
            ("GET", "/v1/admin/dead-letters", INVENTORY_KEY, None),
        ]
        statuses = []
        for method, path, key, body in calls:
            response = await client.request(method, path, json=body, headers={
                "Authorization": f"Bearer {key}", "X-Correlation-ID": "prod-check"})
            statuses.append(response.status_code)
            assert response.status_code < 500, response.text
            for leak in ("Traceback", "File \"", "sqlalchemy", "asyncpg", "aiosqlite", key):
                assert leak not in response.text, (path, leak)
    assert statuses == [201, 201, 409, 404, 422, 401, 401, 405, 403]
    logged = "\n".join(logs.lines)
    assert logs.lines, "nothing was logged: the check would prove nothing"
    for secret in (ADMIN_KEY, INVENTORY_KEY, GUESSED_KEY):
        assert secret not in logged
