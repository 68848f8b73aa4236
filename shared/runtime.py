"""The backbone of one service process: engine, unit of work, relay, consumer, dead letters."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine
from tenacity import AsyncRetrying, retry_if_exception, wait_exponential_jitter

from shared.cancellation import is_failure, raise_if_stopping
from shared.consumer import EventConsumer
from shared.db import create_engine
from shared.dead_letters import DeadLetters, dlq_topic
from shared.events import Envelope
from shared.events.catalog import service_topic
from shared.inbox import EventApplier, HandlerTable
from shared.observability import Metrics
from shared.periodic import BackgroundTask
from shared.relay import OutboxRelay
from shared.settings import ServiceSettings
from shared.tables import BackboneTables
from shared.uow import Signals, UnitOfWork

log = logging.getLogger(__name__)


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
        engine = create_engine(settings.database_url, settings.database_pool_size,
                               settings.database_lock_timeout_seconds)
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
        settings = self.settings
        jobs = [("relay", self.relay.run, settings.relay_max_backoff_seconds),
                ("consumer", self.consumer.run, settings.consumer_max_backoff_seconds),
                *((getattr(j, "__name__", "task"), j, settings.relay_max_backoff_seconds) for j in extra)]
        for name, job, max_backoff in jobs:
            self._tasks.append(asyncio.create_task(supervise(name, job, max_backoff), name=name))

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


async def supervise(name: str, job: BackgroundTask, max_backoff_seconds: float = 30.0) -> None:
    """The one retry policy of background work: a job that fails is logged and started again
    after an exponential backoff; a job that returns is done; cancelling stops it."""
    retrying = AsyncRetrying(
        wait=wait_exponential_jitter(multiplier=0.2, jitter=0.2, max=max_backoff_seconds),
        retry=retry_if_exception(is_failure),
        before_sleep=lambda state: log.warning(
            "background task %s failed, restarting: %r", name,
            state.outcome and state.outcome.exception(),
        ),
    )
    try:
        async for attempt in retrying:
            with attempt:
                await job()
    except Exception as error:
        raise_if_stopping(error)
        raise
