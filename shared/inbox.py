"""Applying one event exactly once: handlers run in a transaction that also records the inbox row."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime

from shared import context
from shared.events import Envelope, spec_for
from shared.tables import BackboneTables
from shared.uow import UnitOfWork

Handler = Callable[[Envelope, UnitOfWork], Awaitable[None]]
HandlerTable = Mapping[str, Sequence[Handler]]


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
        """Apply several events in one transaction (all or none); per event, whether it was new."""
        outcomes: list[bool] = []
        async with self._uow_factory() as uow:
            for envelope in envelopes:
                outcomes.append(await self._apply_in(uow, envelope))
            await uow.commit()
        return outcomes

    async def _apply_in(self, uow: UnitOfWork, envelope: Envelope) -> bool:
        correlation = context.correlation_id.set(envelope.correlationid or envelope.id)
        causation = context.causation_id.set(envelope.id)
        try:
            first_time = await uow.insert_ignoring_duplicates(self._inbox, {
                "consumer": self.consumer,
                "event_id": envelope.id,
                "event_type": envelope.type,
                "processed_at": datetime.now(UTC),
            })
            if not first_time:
                return False
            for handler in self.handlers[envelope.type]:
                await handler(envelope, uow)
            return True
        finally:
            context.causation_id.reset(causation)
            context.correlation_id.reset(correlation)
