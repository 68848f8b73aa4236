"""The reservation storm's baseline: a bare FastAPI endpoint doing one conditional UPDATE per request.

No middleware, no auth, no unit of work, no ledger, no events: `POST /reserve` decrements what is
available on the `bare_storm` table of the same database the service ran on (asyncpg pool of the
service's size on PostgreSQL, one aiosqlite connection on SQLite, whose writers are serialised
anyway) and answers 201 or 409. `BARE_DATABASE_URL` names the database.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite
import asyncpg
from fastapi import FastAPI, Response
from sqlalchemy.engine import make_url

TABLE = "bare_storm"
POOL_SIZE = 10
UPDATE = (f"UPDATE {TABLE} SET reserved = reserved + 1 WHERE sku = {{sku}} AND on_hand - reserved >= 1 "
          "RETURNING reserved")


def create_table_sql(sku: str, units: int) -> list[str]:
    return [f"DROP TABLE IF EXISTS {TABLE}",
            f"CREATE TABLE {TABLE} (sku varchar(64) PRIMARY KEY, on_hand integer, reserved integer)",
            f"INSERT INTO {TABLE} VALUES ('{sku}', {units}, 0)"]


def create_app() -> FastAPI:
    url = make_url(os.environ["BARE_DATABASE_URL"])
    postgres = url.get_backend_name() == "postgresql"
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if postgres:
            dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
            state["pool"] = await asyncpg.create_pool(dsn, min_size=POOL_SIZE, max_size=POOL_SIZE)
        else:
            state["sqlite"] = await aiosqlite.connect(str(url.database), isolation_level=None)
        try:
            yield
        finally:
            if postgres:
                await state["pool"].close()
            else:
                await state["sqlite"].close()

    app = FastAPI(lifespan=lifespan)

    @app.post("/reserve/{sku}")
    async def reserve(sku: str) -> Response:
        if postgres:
            granted = await state["pool"].fetchrow(UPDATE.format(sku="$1"), sku) is not None
        else:
            async with state["sqlite"].execute(UPDATE.format(sku="?"), (sku,)) as cursor:
                granted = await cursor.fetchone() is not None
        return Response(status_code=201 if granted else 409)

    return app
