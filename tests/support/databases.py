"""Fresh databases per test: a SQLite file, or a new PostgreSQL database."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import make_url

from shared.db import create_engine
from shared.migrate import upgrade

ADMIN_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def postgres_available() -> str | None:
    """None when PostgreSQL answers, otherwise why not."""
    try:
        connection = await asyncpg.connect(_dsn(ADMIN_URL), timeout=3)
    except (OSError, asyncpg.PostgresError) as error:
        return f"{type(error).__name__}: {error}"
    await connection.close()
    return None


@asynccontextmanager
async def postgres_database(prefix: str = "t") -> AsyncIterator[str]:
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(_dsn(ADMIN_URL))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        admin = await asyncpg.connect(_dsn(ADMIN_URL))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


def sqlite_url(directory: Path, name: str) -> str:
    return f"sqlite+aiosqlite:///{directory / f'{name}.db'}"


async def schema_differences(service: str, url: str, metadata: Any) -> list[Any]:
    """Migrate `url` with the service's Alembic history and compare it with the tables its code
    declares; an empty list means the two agree."""
    await asyncio.to_thread(upgrade, service, url)
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            differences: list[Any] = await connection.run_sync(lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"version_table": f"alembic_version_{service}"}),
                metadata,
            ))
    finally:
        await engine.dispose()
    return differences
