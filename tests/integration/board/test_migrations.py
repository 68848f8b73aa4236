"""The board's Alembic history builds exactly the tables its code declares."""

from __future__ import annotations

from services.board import tables
from tests.support.databases import schema_differences


async def test_the_migrations_build_exactly_the_declared_tables(new_database):
    url = await new_database("board")
    assert await schema_differences("board", url, tables.metadata) == []
