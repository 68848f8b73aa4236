"""Support's Alembic history builds exactly the tables its code declares."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from services.support import tables
from shared.db import create_engine
from shared.migrate import upgrade


async def test_the_migrations_build_exactly_the_declared_tables(new_database):
    url = await new_database("support")
    await asyncio.to_thread(upgrade, "support", url)
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"version_table": "alembic_version_support"}),
                tables.metadata,
            ))
    finally:
        await engine.dispose()
    assert differences == []
