"""Observe and inject events on the real broker, as another system would."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.events import Envelope, new_envelope, topic_of
from shared.kafka import ensure_topics
from shared.settings import ServiceSettings


def _settings(bootstrap: str, namespace: str) -> ServiceSettings:
    return ServiceSettings(kafka_bootstrap_servers=bootstrap, kafka_namespace=namespace)


class EventProbe:
    """Reads topics from the beginning (no consumer group) and keeps every envelope."""

    def __init__(self, bootstrap: str, namespace: str, topics: list[str]) -> None:
        self._settings = _settings(bootstrap, namespace)
        self._topics = topics
        self.events: list[Envelope] = []
        self.raw: list[tuple[str, bytes | None, bytes]] = []
        self.headers: dict[str, dict[str, bytes]] = {}  # event id -> the record's Kafka headers
        self._task: asyncio.Task[None] | None = None
        self._consumer: AIOKafkaConsumer | None = None

    async def __aenter__(self) -> EventProbe:
        await ensure_topics(self._settings, self._topics)
        self._consumer = AIOKafkaConsumer(
            *(self._settings.topic(t) for t in self._topics),
            bootstrap_servers=self._settings.kafka_bootstrap_servers,
            group_id=None, auto_offset_reset="earliest", metadata_max_age_ms=1000,
        )
        await self._consumer.start()
        self._task = asyncio.create_task(self._collect())
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._consumer:
            await self._consumer.stop()

    async def _collect(self) -> None:
        assert self._consumer is not None
        async for record in self._consumer:
            self.raw.append((record.topic, record.key, record.value))
            with contextlib.suppress(ValueError):
                envelope = Envelope.from_json(record.value)
                self.events.append(envelope)
                self.headers[envelope.id] = dict(record.headers or ())

    def of_type(self, event_type: str) -> list[Envelope]:
        return [e for e in self.events if e.type == event_type]

    async def wait_for(
        self, event_type: str, where: Callable[[Envelope], bool] = lambda _: True,
        timeout: float = 20.0, count: int = 1,
    ) -> list[Envelope]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [e for e in self.of_type(event_type) if where(e)]
            if len(found) >= count:
                return found
            await asyncio.sleep(0.05)
        seen = sorted({e.type for e in self.events})
        raise AssertionError(f"{count} x {event_type} not seen within {timeout}s; saw {seen}")


async def publish(
    bootstrap: str, namespace: str, event_type: str, subject: str, data: dict[str, object],
    *, envelope: Envelope | None = None, raw: bytes | None = None, topic: str | None = None,
    traceparent: str | None = None,
) -> Envelope:
    """Publish one event (or raw bytes) the way a producing service would."""
    settings = _settings(bootstrap, namespace)
    event = envelope or new_envelope(source="/tests", type=event_type, subject=subject, data=data,
                                     traceparent=traceparent)
    logical_topic = topic or topic_of(event_type)
    await ensure_topics(settings, [logical_topic])
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=False)
    await producer.start()
    try:
        await producer.send_and_wait(
            settings.topic(logical_topic), value=raw if raw is not None else event.to_json(),
            key=subject.encode(),
        )
    finally:
        await producer.stop()
    return event


async def eventually(check: Callable[[], object], timeout: float = 20.0, interval: float = 0.1) -> None:
    """Poll an async or sync assertion until it passes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
            if asyncio.iscoroutine(result):
                await result
            return
        except (AssertionError, ValueError, LookupError):  # a failed check, or an unpacking of too few items
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(interval)
