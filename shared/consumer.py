"""Event consumer (SPEC 4.3): one consumer group per service, offsets committed after the DB."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from pydantic import ValidationError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, wait_exponential_jitter

from shared.cancellation import is_failure, raise_if_stopping
from shared.db import is_database_unavailable
from shared.dead_letters import DeadLetters
from shared.events import Envelope, topic_of
from shared.inbox import EventApplier
from shared.kafka import ensure_topics, make_consumer
from shared.observability import Metrics
from shared.settings import ServiceSettings

log = logging.getLogger(__name__)


def is_transient(error: BaseException) -> bool:
    """Infrastructure trouble (database away, lock timeout): retry without limit."""
    return is_database_unavailable(error)


class EventConsumer:
    def __init__(
        self,
        settings: ServiceSettings,
        applier: EventApplier,
        dead_letters: DeadLetters,
        metrics: Metrics,
    ) -> None:
        self._settings = settings
        self._applier = applier
        self._dead_letters = dead_letters
        self._metrics = metrics
        self.topics = sorted({topic_of(event_type) for event_type in applier.handlers})
        self.assigned_partitions = 0

    async def run(self) -> None:
        """Consume until cancelled; a failure ends it and the backbone's supervisor restarts it."""
        if self.topics:
            await self._consume()

    async def _consume(self) -> None:
        await ensure_topics(self._settings, self.topics)
        consumer = make_consumer(self._settings, self.topics)
        try:
            await consumer.start()
            while True:
                batches = await consumer.getmany(timeout_ms=500, max_records=500)
                self.assigned_partitions = len(consumer.assignment())
                if not batches:
                    continue
                # Partitions are independent: apply them side by side, each in its own order.
                async with asyncio.TaskGroup() as group:
                    for records in batches.values():
                        group.create_task(self.process_batch(records))
                positions = {partition: records[-1].offset + 1 for partition, records in batches.items()}
                await consumer.commit(positions)
                for partition, position in positions.items():
                    self._report_lag(consumer, partition, position)
        finally:
            self.assigned_partitions = 0
            await consumer.stop()

    def _report_lag(self, consumer: AIOKafkaConsumer, partition: TopicPartition, position: int) -> None:
        highwater = consumer.highwater(partition)
        if highwater is not None:
            self._metrics.consumer_lag.labels(partition.topic, str(partition.partition)).set(
                max(0, highwater - position)
            )

    async def process_batch(self, records: list[ConsumerRecord[Any, Any]]) -> None:
        """Settle records of one partition: one transaction for all of them when every handler
        succeeds, else one by one with retries and dead letters."""
        admitted = [(record, envelope) for record in records if (envelope := await self._admit(record))]
        if len(admitted) > 1:
            try:
                outcomes = await self._applier.apply_all([envelope for _, envelope in admitted])
            except Exception as error:
                raise_if_stopping(error)
                log.info("batch of %d failed (%r); applying one by one", len(admitted), error)
            else:
                for (_, envelope), applied in zip(admitted, outcomes, strict=True):
                    self._count(envelope, applied)
                return
        for record, envelope in admitted:
            await self._apply_with_retries(record, envelope)

    async def _admit(self, record: ConsumerRecord[Any, Any]) -> Envelope | None:
        """The record's event when this service handles it; poison is dead-lettered here."""
        try:
            envelope = Envelope.from_json(record.value or b"")
        except ValidationError as error:
            await self._dead_letter(record, f"not a CloudEvents JSON event: {error}", 1, None)
            return None
        if not self._applier.handles(envelope.type):
            self._metrics.events_consumed.labels(envelope.type, "ignored").inc()
            return None
        try:
            self._applier.validate(envelope)
        except ValidationError as error:
            await self._dead_letter(record, f"payload does not match {envelope.type}: {error}", 1, envelope)
            return None
        return envelope

    def _count(self, envelope: Envelope, applied: bool) -> None:
        self._metrics.events_consumed.labels(envelope.type, "applied" if applied else "duplicate").inc()

    async def _apply_with_retries(self, record: ConsumerRecord[Any, Any], envelope: Envelope) -> None:
        stop = _StopAfterPersistentFailures(self._settings.consumer_max_attempts)
        retrying = AsyncRetrying(
            stop=stop,
            wait=wait_exponential_jitter(
                multiplier=self._settings.consumer_retry_base_seconds,
                jitter=self._settings.consumer_retry_base_seconds,
                max=self._settings.consumer_max_backoff_seconds,
            ),
            retry=retry_if_exception(is_failure),
            reraise=True,
            before_sleep=lambda state: log.warning(
                "handler attempt %d for %s %s failed: %r", state.attempt_number, envelope.type,
                envelope.id, state.outcome and state.outcome.exception(),
            ),
        )
        try:
            async for attempt in retrying:
                with attempt:
                    applied = await self._applier.apply(envelope)
        except Exception as error:
            raise_if_stopping(error)  # shutting down is no reason to dead-letter an event
            log.exception("handler failed %d times for %s %s", stop.failures, envelope.type, envelope.id)
            await self._dead_letter(record, repr(error), stop.failures, envelope)
            return
        self._count(envelope, applied)

    async def _dead_letter(
        self, record: ConsumerRecord[Any, Any], error: str, attempts: int, envelope: Envelope | None
    ) -> None:
        await self._dead_letters.record(
            topic=record.topic, partition=record.partition, offset=record.offset, key=record.key,
            payload=record.value or b"", error=error, attempts=attempts, envelope=envelope,
        )
        self._metrics.dead_letters.labels(envelope.type if envelope else "unparsed").inc()
        self._metrics.events_consumed.labels(envelope.type if envelope else "unparsed", "dead_lettered").inc()


class _StopAfterPersistentFailures:
    """Stop after N non-transient failures; transient ones are retried without limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.failures = 0

    def __call__(self, state: RetryCallState) -> bool:
        error = state.outcome.exception() if state.outcome else None
        if error is not None and not is_transient(error):
            self.failures += 1
        return self.failures >= self.limit
