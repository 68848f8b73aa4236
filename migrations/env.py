"""Alembic environment shared by the four services; each has its own version history."""

from __future__ import annotations

import asyncio
import importlib

from alembic import context
from sqlalchemy import Connection

from shared.db import create_engine

config = context.config
service = config.get_main_option("service")
tables = importlib.import_module(f"services.{service}.tables")
target_metadata = tables.metadata
VERSION_TABLE = f"alembic_version_{service}"


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is required"
    engine = create_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(_configure)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      version_table=VERSION_TABLE, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
