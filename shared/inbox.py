"""Applying one event exactly once: handlers run in a transaction that also records the inbox row."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any, Generic, TypeVar

from sqlalchemy import select

from shared import context
from shared.db import insert_ignoring_conflicts
from shared.events import Envelope, spec_for
from shared.tables import BackboneTables
from shared.uow import UnitOfWork

T = TypeVar("T")
Handler = Callable[[Envelope, UnitOfWork], Awaitable[None]]
ReadOnlyUnits = Callable[[], UnitOfWork]


@dataclass(frozen=True)
class PreparedHandler(Generic[T]):
    """A handler with slow work (network calls): `prepare` runs before the event's transaction
    opens, reading through read-only units of work it opens itself, so no write lock is held
    while it waits; `apply` then runs in the transaction with what `prepare` returned."""

    prepare: Callable[[Envelope, ReadOnlyUnits], Awaitable[T]]
    apply: Callable[[Envelope, UnitOfWork, T], Awaitable[None]]


AnyHandler = Handler | PreparedHandler[Any]
HandlerTable = Mapping[str, Sequence[AnyHandler]]

# Rows per inbox INSERT: four parameters each, well inside both databases' parameter limits.
INBOX_CHUNK = 250


class EventApplier:
    def __init__(
        self,
        consumer: str,
        handlers: HandlerTable,
        uow_factory: Callable[..., UnitOfWork],
        tables: BackboneTables,
    ) -> None:
        self.consumer = consumer
        self.handlers = handlers
        self._uow_factory = uow_factory
        self._inbox = tables.inbox
        self._read_only: ReadOnlyUnits = partial(self.new_uow, True)

    def new_uow(self, read_only: bool = False) -> UnitOfWork:
        return self._uow_factory(read_only)

    def handles(self, event_type: str) -> bool:
        return event_type in self.handlers

    def validate(self, envelope: Envelope) -> None:
        """Raise when the payload does not match the catalog model of its type."""
        spec_for(envelope.type).model.model_validate(envelope.data)

    async def apply(self, envelope: Envelope) -> bool:
        """Run the handlers once; False when this consumer had already applied the event."""
        return (await self.apply_all([envelope]))[0]

    async def apply_all(self, envelopes: list[Envelope]) -> list[bool]:
        """Apply several events in one transaction (all or none); per event, whether it was new.

        The inbox rows of the whole batch go in with one statement per chunk: a round trip per
        event was the largest cost of consuming a backlog."""
        prepared = await self._prepare(envelopes)
        outcomes: list[bool] = []
        async with self._uow_factory() as uow:
            new_ids = await self._record(uow, envelopes)
            for envelope in envelopes:
                first_time = envelope.id in new_ids
                new_ids.discard(envelope.id)  # the same event twice in a batch is a duplicate
                if first_time:
                    await self._run_handlers(uow, envelope, prepared)
                outcomes.append(first_time)
            await uow.commit()
        return outcomes

    async def _prepare(self, envelopes: list[Envelope]) -> dict[tuple[str, int], Any]:
        """Run the prepare step of every prepared handler of the events not applied yet."""
        preparing = [e for e in envelopes
                     if any(isinstance(h, PreparedHandler) for h in self.handlers[e.type])]
        if not preparing:
            return {}
        async with self._read_only() as uow:
            done = set((await uow.execute(
                select(self._inbox.c.event_id).where(
                    self._inbox.c.consumer == self.consumer,
                    self._inbox.c.event_id.in_([e.id for e in preparing]),
                )
            )).scalars())
        prepared: dict[tuple[str, int], Any] = {}
        for envelope in preparing:
            if envelope.id in done:
                continue
            done.add(envelope.id)  # the same event twice in a batch is prepared once
            with _event_context(envelope):
                for index, handler in enumerate(self.handlers[envelope.type]):
                    if isinstance(handler, PreparedHandler):
                        prepared[(envelope.id, index)] = await handler.prepare(envelope, self._read_only)
        return prepared

    async def _record(self, uow: UnitOfWork, envelopes: list[Envelope]) -> set[str]:
        """Insert the inbox rows not there yet; the ids of the events that are new."""
        now = datetime.now(UTC)
        rows = list({e.id: {"consumer": self.consumer, "event_id": e.id, "event_type": e.type,
                            "processed_at": now} for e in envelopes}.values())
        new_ids: set[str] = set()
        for start in range(0, len(rows), INBOX_CHUNK):
            inserted = await uow.execute(
                insert_ignoring_conflicts(self._inbox, uow.dialect, rows[start:start + INBOX_CHUNK])
                .returning(self._inbox.c.event_id)
            )
            new_ids.update(inserted.scalars())
        return new_ids

    async def _run_handlers(
        self, uow: UnitOfWork, envelope: Envelope, prepared: dict[tuple[str, int], Any]
    ) -> None:
        with _event_context(envelope):
            for index, handler in enumerate(self.handlers[envelope.type]):
                if not isinstance(handler, PreparedHandler):
                    await handler(envelope, uow)
                    continue
                # Prepared above: inbox rows are never removed, so an event new now was new then.
                await handler.apply(envelope, uow, prepared[(envelope.id, index)])


@contextmanager
def _event_context(envelope: Envelope) -> Iterator[None]:
    """Logs and published events of the handlers carry the event's correlation and causation."""
    correlation = context.correlation_id.set(envelope.correlationid or envelope.id)
    causation = context.causation_id.set(envelope.id)
    try:
        yield
    finally:
        context.causation_id.reset(causation)
        context.correlation_id.reset(correlation)
