"""The backbone of one service process: engine, unit of work, relay, consumer, dead letters."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from shared.cancellation import raise_if_stopping
from shared.consumer import EventConsumer
from shared.db import create_engine
from shared.dead_letters import DeadLetters, dlq_topic
from shared.events import Envelope
from shared.events.catalog import service_topic
from shared.inbox import EventApplier, HandlerTable
from shared.observability import Metrics
from shared.relay import OutboxRelay
from shared.settings import ServiceSettings
from shared.tables import BackboneTables
from shared.uow import Signals, UnitOfWork

log = logging.getLogger(__name__)

BackgroundTask = Callable[[], Awaitable[None]]

STOP_TIMEOUT_SECONDS = 15.0


@dataclass
class Backbone:
    settings: ServiceSettings
    engine: AsyncEngine
    tables: BackboneTables
    metrics: Metrics
    relay: OutboxRelay
    applier: EventApplier
    consumer: EventConsumer
    dead_letters: DeadLetters
    uow_factory: Callable[[bool], UnitOfWork]
    signals: Signals
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @classmethod
    def build(cls, settings: ServiceSettings, tables: BackboneTables, handlers: HandlerTable) -> Backbone:
        service = settings.service_name
        engine = create_engine(settings.database_url, settings.database_pool_size)
        metrics = Metrics()
        relay = OutboxRelay(settings, engine, tables, metrics, [service_topic(service), dlq_topic(service)])

        def on_published(_: list[Envelope]) -> None:
            relay.wake()

        signals = Signals()

        def uow_factory(read_only: bool = False) -> UnitOfWork:
            return UnitOfWork(engine, tables, service, on_published, read_only, signals)

        applier = EventApplier(service, handlers, uow_factory, tables)
        dead_letters = DeadLetters(service, engine, tables)
        consumer = EventConsumer(settings, applier, dead_letters, metrics)
        return cls(settings, engine, tables, metrics, relay, applier, consumer, dead_letters, uow_factory,
                   signals)

    def uow(self, read_only: bool = False) -> UnitOfWork:
        """A unit of work on this service's database: the one factory routes, handlers and
        background jobs all use."""
        return self.uow_factory(read_only)

    async def start(self, extra: list[BackgroundTask]) -> None:
        if not self.settings.run_background_tasks:
            return
        for name, job in [("relay", self.relay.run), ("consumer", self.consumer.run),
                          *((getattr(j, "__name__", "task"), j) for j in extra)]:
            self._tasks.append(asyncio.create_task(supervise(name, job), name=name))

    async def stop(self) -> None:
        """Cancel the background tasks and wait for them, but not forever: one that does not
        stop in time is reported and left behind rather than hanging the shutdown."""
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            done, pending = await asyncio.wait(self._tasks, timeout=STOP_TIMEOUT_SECONDS)
            for task in pending:
                log.error("background task %s did not stop within %s s", task.get_name(),
                          STOP_TIMEOUT_SECONDS)
            for task in done:
                if not task.cancelled() and task.exception() is not None:
                    log.error("background task %s ended with %r", task.get_name(), task.exception())
        self._tasks.clear()
        await self.engine.dispose()


async def supervise(name: str, job: BackgroundTask) -> None:
    """Background jobs must never die silently; a crash is logged and the job restarted."""
    while True:
        try:
            await job()
            return
        except Exception as error:
            raise_if_stopping(error)
            log.exception("background task %s crashed; restarting in 1 s", name)
            await asyncio.sleep(1)
