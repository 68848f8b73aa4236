"""What the benchmarks share: a broker, fresh databases on either backend, timing helpers."""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.engine import make_url

from shared.db import create_engine
from tests.support.broker import Broker
from tests.support.databases import postgres_database, sqlite_url

# Every figure is measured on both: SQLite is the local default, PostgreSQL the production one.
BACKENDS = ("sqlite", "postgres")
LABELS = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


@dataclass
class Figure:
    """One row of the results table."""

    name: str
    ours: str
    baseline: str
    ratio: float | None
    target: str
    met: bool | None
    note: str = ""
    database: str = "—"


def asyncpg_dsn(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as a plain DSN for asyncpg."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@asynccontextmanager
async def running_broker() -> AsyncIterator[Broker]:
    broker = Broker()
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@asynccontextmanager
async def fresh_postgres(name: str) -> AsyncIterator[str]:
    async with postgres_database(f"bench_{name}") as url:
        yield url


@asynccontextmanager
async def fresh_database(backend: str, name: str) -> AsyncIterator[str]:
    """A new, empty database: a SQLite file in a scratch directory, or a PostgreSQL database."""
    if backend == "postgres":
        async with fresh_postgres(name) as url:
            yield url
        return
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as directory:
        yield sqlite_url(Path(directory), name)


async def insert_rows(url: str, rows: Sequence[tuple[Table, list[dict[str, Any]]]]) -> None:
    """Bulk-load rows through SQLAlchemy (the same column types as the services), then ANALYZE:
    a live database has statistics, a fresh load has none."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for table, values in rows:
                for start in range(0, len(values), 5000):
                    await connection.execute(table.insert(), values[start:start + 5000])
        async with engine.begin() as connection:
            await connection.execute(text("ANALYZE"))
    finally:
        await engine.dispose()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
