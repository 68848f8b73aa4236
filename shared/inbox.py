"""Applying one event exactly once: handlers run in a transaction that also records the inbox row."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby

from shared import context
from shared.db import insert_ignoring_conflicts
from shared.events import Envelope, spec_for
from shared.tables import BackboneTables
from shared.tracing import SpanKind, context_from, span
from shared.uow import UnitOfWork

Handler = Callable[[Envelope, UnitOfWork], Awaitable[None]]
BatchHandler = Callable[[Sequence[Envelope], UnitOfWork], Awaitable[None]]
HandlerTable = Mapping[str, Sequence[Handler]]


@dataclass(frozen=True)
class Batched:
    """A handler with a batch form: `many` applies several events of its type in one go (one
    multi-row statement) with the effects of `one` applied to each in turn.

    The consumer uses `many` for a run of consecutive events of the type in one partition's
    batch, and `one` when it applies events one by one (retries, dead letters, replays). The
    batch form runs outside any single event's context: it is for effects that publish nothing."""

    one: Handler
    many: BatchHandler

    async def __call__(self, event: Envelope, uow: UnitOfWork) -> None:
        await self.one(event, uow)


class EventApplier:
    def __init__(
        self,
        consumer: str,
        handlers: HandlerTable,
        uow_factory: Callable[[], UnitOfWork],
        tables: BackboneTables,
    ) -> None:
        self.consumer = consumer
        self.handlers = handlers
        self._uow_factory = uow_factory
        self._inbox = tables.inbox

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

        The inbox rows of the whole batch go in with one cached statement executed for all of them
        (the driver sends them in multi-row chunks): a round trip per event was the largest cost
        of consuming a backlog."""
        outcomes: list[bool] = []
        async with self._uow_factory() as uow:
            new_ids = await self._record(uow, envelopes)
            fresh: list[Envelope] = []
            for envelope in envelopes:
                first_time = envelope.id in new_ids
                new_ids.discard(envelope.id)  # the same event twice in a batch is a duplicate
                if first_time:
                    fresh.append(envelope)
                outcomes.append(first_time)
            # Runs of one type keep the order between types; a batch form applies a run at once.
            for event_type, run in groupby(fresh, key=lambda e: e.type):
                await self._handle(event_type, list(run), uow)
            await uow.commit()
        return outcomes

    async def _handle(self, event_type: str, run: list[Envelope], uow: UnitOfWork) -> None:
        handlers = self.handlers[event_type]
        if len(run) > 1 and len(handlers) == 1 and isinstance(handlers[0], Batched):
            with span(f"{event_type} process", SpanKind.CONSUMER, None,
                      {"messaging.system": "kafka", "messaging.batch.message_count": str(len(run)),
                       "cloudevents.event_type": event_type}):
                await handlers[0].many(run, uow)
            return
        for envelope in run:
            with _event_context(envelope):
                for handler in handlers:
                    await handler(envelope, uow)

    async def _record(self, uow: UnitOfWork, envelopes: list[Envelope]) -> set[str]:
        """Insert the inbox rows not there yet; the ids of the events that are new."""
        now = datetime.now(UTC)
        rows = list({e.id: {"consumer": self.consumer, "event_id": e.id, "event_type": e.type,
                            "processed_at": now} for e in envelopes}.values())
        if not rows:
            return set()
        inserted = await uow.execute(
            insert_ignoring_conflicts(self._inbox, uow.dialect).returning(self._inbox.c.event_id), rows
        )
        return set(inserted.scalars())


@contextmanager
def _event_context(envelope: Envelope) -> Iterator[None]:
    """Logs and published events of the handlers carry the event's correlation and causation,
    and continue its trace."""
    correlation = context.correlation_id.set(envelope.correlationid or envelope.id)
    causation = context.causation_id.set(envelope.id)
    try:
        with span(f"{envelope.type} process", SpanKind.CONSUMER, context_from(envelope.traceparent),
                  {"messaging.system": "kafka", "messaging.message.id": envelope.id,
                   "cloudevents.event_type": envelope.type}):
            yield
    finally:
        context.causation_id.reset(causation)
        context.correlation_id.reset(correlation)
