"""Async engines for PostgreSQL (asyncpg) and SQLite (aiosqlite)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Insert, Table, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, pool_size: int = 10, lock_timeout_seconds: float = 30.0) -> AsyncEngine:
    """An engine tuned per backend; SQLite writers are serialised with BEGIN IMMEDIATE. Waiting
    for a lock ends after `lock_timeout_seconds` with an error the API answers as a 503."""
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": lock_timeout_seconds})
        _serialise_sqlite_writers(engine, lock_timeout_seconds)
        return engine
    kwargs: dict[str, Any] = {
        "pool_size": pool_size, "max_overflow": pool_size, "pool_pre_ping": True,
        "connect_args": {"server_settings": {"lock_timeout": str(int(lock_timeout_seconds * 1000))}},
    }
    return create_async_engine(url, **kwargs)


SQLITE_READ_ONLY = "shop_sqlite_read_only"


def read_only_options(dialect: str) -> dict[str, Any]:
    """Execution options of a read-only transaction: a snapshot on PostgreSQL, a deferred
    (lock-free until it writes) transaction on SQLite, whose WAL reads are a snapshot too."""
    if dialect == "postgresql":
        return {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    return {SQLITE_READ_ONLY: True}


def _serialise_sqlite_writers(engine: AsyncEngine, lock_timeout_seconds: float) -> None:
    """Every transaction takes SQLite's write lock up front, so read-then-write never races."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout_seconds * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        read_only = connection.get_execution_options().get(SQLITE_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


async def ping(engine: AsyncEngine) -> bool:
    """True when the database answers a trivial query."""
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
    return True


def insert_ignoring_conflicts(
    table: Table, dialect: str, values: dict[str, Any] | list[dict[str, Any]] | None = None
) -> Insert:
    """INSERT ... ON CONFLICT DO NOTHING of one row or several, for PostgreSQL and SQLite.

    Without values, the statement is for executing with a list of rows: it compiles once and is
    cached, where a multi-row VALUES clause is compiled again on every call."""
    dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = dialect_insert(table)
    return (statement if values is None else statement.values(values)).on_conflict_do_nothing()


# SQLSTATE classes of a database that is busy or away rather than of a bad statement: connection
# exceptions, insufficient resources, operator intervention, lock and statement timeouts,
# serialization failures and deadlocks.
_UNAVAILABLE_SQLSTATES = ("08", "53", "57P", "55P03", "57014", "40001", "40P01")


# SQLite reports every error of its own as OperationalError; these are the ones that pass.
_SQLITE_TRANSIENT = ("database is locked", "database table is locked", "unable to open database",
                     "disk i/o error", "database is busy")


def is_database_unavailable(error: BaseException) -> bool:
    """True for trouble that passes (a lock timeout, a lost connection): retry, or answer 503."""
    if isinstance(error, SQLAlchemyTimeoutError | TimeoutError | ConnectionError):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    sqlstate = getattr(error.orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        return sqlstate.startswith(_UNAVAILABLE_SQLSTATES)
    if type(error.orig).__module__.startswith("sqlite3"):
        return any(text in str(error.orig).lower() for text in _SQLITE_TRANSIENT)
    return isinstance(error, OperationalError | InterfaceError)
