"""Unit of work: one database transaction, and the events it publishes through the outbox."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Executable, Table, text
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared import context
from shared.db import insert_ignoring_conflicts, read_only_options
from shared.events import Envelope, new_envelope, spec_for
from shared.tables import BackboneTables
from shared.tracing import current_traceparent


class Signals:
    """Named wake-ups that a commit sends to background workers of the same process (e.g. "a
    campaign check was queued"), so they act at once instead of at their next poll."""

    def __init__(self) -> None:
        self._events: dict[str, asyncio.Event] = {}

    def event(self, name: str) -> asyncio.Event:
        return self._events.setdefault(name, asyncio.Event())

    def send(self, name: str) -> None:
        self.event(name).set()

    async def wait(self, name: str, timeout: float) -> None:
        """Until the signal is sent or the timeout passes; either way it is cleared."""
        event = self.event(name)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)
        event.clear()


class UnitOfWork:
    """`async with uow:` ... `await uow.commit()`; leaving without commit rolls back."""

    def __init__(
        self,
        engine: AsyncEngine,
        tables: BackboneTables,
        source: str,
        on_published: Callable[[list[Envelope]], None],
        read_only: bool = False,
        signals: Signals | None = None,
    ) -> None:
        self._read_only = read_only
        self._signals = signals or Signals()
        self._signals_after_commit: set[str] = set()
        self._engine = engine
        self._tables = tables
        self._source = source
        self._on_published = on_published
        self._connection: AsyncConnection | None = None
        self._events: list[Envelope] = []

    async def __aenter__(self) -> UnitOfWork:
        self._connection = await self._engine.connect()
        if self._read_only:
            # One consistent snapshot for every query of a read; on SQLite no write lock taken.
            await self._connection.execution_options(**read_only_options(self.dialect))
        await self._connection.begin()
        self._events = []
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            if connection.in_transaction():
                await connection.rollback()
        finally:
            await connection.close()

    @property
    def connection(self) -> AsyncConnection:
        if self._connection is None:
            raise RuntimeError("unit of work used outside `async with`")
        return self._connection

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    async def execute(self, statement: Executable, params: Any = None) -> CursorResult[Any]:
        return await self.connection.execute(statement, params)

    def publish(self, event_type: str, subject: str, payload: BaseModel | dict[str, Any]) -> Envelope:
        """Queue an event; it is written to the outbox in this transaction at commit."""
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot publish events")
        spec = spec_for(event_type)
        raw = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload
        data = spec.model.model_validate(raw).model_dump(mode="json")
        envelope = new_envelope(
            source=f"/{self._source}",
            type=event_type,
            subject=subject,
            data=data,
            correlation_id=context.correlation_id.get(),
            causation_id=context.causation_id.get(),
            traceparent=current_traceparent(),
        )
        self._events.append(envelope)
        return envelope

    async def insert_ignoring_duplicates(self, table: Table, values: dict[str, Any]) -> bool:
        """INSERT ... ON CONFLICT DO NOTHING; True when a row was inserted."""
        result = await self.execute(insert_ignoring_conflicts(table, self.dialect, values))
        return bool(result.rowcount)

    async def serialise(self, name: str) -> None:
        """Wait until no other transaction holding `name` is open, and hold it until this one ends.

        For rules that read one table and write another (a live campaign over a sold-out SKU):
        two concurrent transactions would each miss the other's write. On PostgreSQL this is a
        transaction-scoped advisory lock; SQLite has one writer at a time already."""
        if self.dialect == "postgresql":
            await self.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})

    async def insert_many_ignoring_duplicates(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """INSERT ... ON CONFLICT DO NOTHING of several rows, in as few statements as the driver allows."""
        if rows:
            await self.execute(insert_ignoring_conflicts(table, self.dialect), rows)

    def signal_after_commit(self, name: str) -> None:
        """Send the named signal to this process's workers once this transaction commits."""
        self._signals_after_commit.add(name)

    async def commit(self) -> None:
        events, self._events = self._events, []
        signals, self._signals_after_commit = self._signals_after_commit, set()
        if events:
            await self.execute(self._tables.outbox.insert(), [_outbox_row(e) for e in events])
        await self.connection.commit()
        if events:
            self._on_published(events)
        for name in sorted(signals):
            self._signals.send(name)

    async def rollback(self) -> None:
        self._events = []
        self._signals_after_commit = set()
        await self.connection.rollback()


def _outbox_row(envelope: Envelope) -> dict[str, Any]:
    return {
        "event_id": envelope.id,
        "event_type": envelope.type,
        "topic": spec_for(envelope.type).topic,
        "key": envelope.subject,
        "payload": envelope.to_json(),
        "traceparent": envelope.traceparent,
        "created_at": datetime.now(UTC),
    }
