"""Outbox relay (SPEC 4.2): sends pending outbox rows in order, marks them sent after acks."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.structs import RecordMetadata
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from tenacity import AsyncRetrying, retry_if_exception, wait_exponential_jitter

from shared.cancellation import is_failure
from shared.events.envelope import CONTENT_TYPE
from shared.kafka import ensure_topics, make_producer
from shared.observability import Metrics
from shared.settings import ServiceSettings
from shared.tables import BackboneTables

log = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 300.0


class OutboxRelay:
    """One per process; on PostgreSQL only the holder of the advisory lock publishes."""

    def __init__(
        self,
        settings: ServiceSettings,
        engine: AsyncEngine,
        tables: BackboneTables,
        metrics: Metrics,
        topics: list[str],
    ) -> None:
        self._settings = settings
        self._engine = engine
        self._outbox = tables.outbox
        self._metrics = metrics
        self._topics = topics
        self._wakeup = asyncio.Event()
        self._last_purge = 0.0
        self._last_tick = 0.0
        self._lock_connection: AsyncConnection | None = None
        self._acknowledged: dict[TopicPartition, int] = {}
        self.is_leader = False

    def wake(self) -> None:
        """Called right after a commit that added outbox rows."""
        self._wakeup.set()

    async def run(self) -> None:
        retrying = AsyncRetrying(
            wait=wait_exponential_jitter(
                multiplier=0.2, jitter=0.2, max=self._settings.relay_max_backoff_seconds
            ),
            retry=retry_if_exception(is_failure),
            before_sleep=lambda state: log.warning(
                "outbox relay failed, retrying: %r", state.outcome and state.outcome.exception()
            ),
        )
        async for attempt in retrying:
            with attempt:
                await self._lead_and_publish()

    async def _lead_and_publish(self) -> None:
        async with self._leadership():
            await ensure_topics(self._settings, self._topics)
            producer = make_producer(self._settings)
            offsets = AIOKafkaConsumer(bootstrap_servers=self._settings.kafka_bootstrap_servers,
                                       enable_auto_commit=False, request_timeout_ms=10_000)
            try:
                await producer.start()
                await offsets.start()
                await self._publish_forever(producer, offsets)
            finally:
                await offsets.stop()
                await producer.stop()

    async def _publish_forever(self, producer: AIOKafkaProducer, offsets: AIOKafkaConsumer) -> None:
        while True:
            # Cleared before reading the outbox: a commit during the batch wakes the next round.
            self._wakeup.clear()
            await self._resend_if_broker_lost_records(offsets)
            sent = await self.publish_batch(producer)
            if sent >= self._settings.relay_batch_size:
                continue
            if time.monotonic() - self._last_tick >= self._settings.relay_poll_seconds:
                self._last_tick = time.monotonic()
                await self._check_lock()
                await self._housekeeping()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), self._settings.relay_poll_seconds)

    async def publish_batch(self, producer: AIOKafkaProducer) -> int:
        """Send one batch of pending rows; mark sent only what the broker acknowledged."""
        async with self._engine.connect() as connection:
            rows = (await connection.execute(
                select(self._outbox.c.id, self._outbox.c.topic, self._outbox.c.key,
                       self._outbox.c.payload, self._outbox.c.event_type)
                .where(self._outbox.c.sent_at.is_(None))
                .order_by(self._outbox.c.id)
                .limit(self._settings.relay_batch_size)
            )).all()
            await connection.rollback()
        if not rows:
            return 0
        await self._ensure_topics_exist(producer)
        headers = [("content-type", CONTENT_TYPE.encode())]
        futures = [
            await producer.send(self._settings.topic(row.topic), value=row.payload, key=row.key.encode(),
                                headers=[*headers, ("ce_type", row.event_type.encode())])
            for row in rows
        ]
        results = await asyncio.gather(*futures, return_exceptions=True)
        acked = [row for row, result in zip(rows, results, strict=True)
                 if not isinstance(result, BaseException)]
        self._remember_batch_starts([r for r in results if not isinstance(r, BaseException)])
        if acked:
            await self._mark_sent([row.id for row in acked])
            for row in acked:
                self._metrics.events_published.labels(row.event_type).inc()
        failures = [r for r in results if isinstance(r, BaseException)]
        if failures:
            raise failures[0]
        return len(rows)

    def _remember_batch_starts(self, acknowledged: list[RecordMetadata]) -> None:
        """Per partition, the lowest offset of the latest batch: a broker that kept its log reports
        an end offset above it (the local broker reports its last batch's first offset + 1)."""
        starts: dict[TopicPartition, int] = {}
        for record in acknowledged:
            partition = TopicPartition(record.topic, record.partition)
            starts[partition] = min(record.offset, starts.get(partition, record.offset))
        self._acknowledged.update(starts)

    async def _resend_if_broker_lost_records(self, offsets: AIOKafkaConsumer) -> None:
        """A broker that comes back with a partition shorter than what it acknowledged has lost
        records (the in-memory local broker loses all on restart): mark the rows sent within
        `relay_resend_window_seconds` unsent again, so they go out before any newer row and per-key
        order holds. Consumers drop the copies they had already applied (inbox)."""
        if not self._acknowledged:
            return
        ends = await offsets.end_offsets(list(self._acknowledged))
        if all(ends.get(partition, 0) > offset for partition, offset in self._acknowledged.items()):
            return
        cutoff = datetime.now(UTC) - timedelta(seconds=self._settings.relay_resend_window_seconds)
        async with self._engine.begin() as connection:
            resent = (await connection.execute(
                update(self._outbox).where(self._outbox.c.sent_at >= cutoff).values(sent_at=None)
            )).rowcount
        self._acknowledged.clear()
        log.warning("the broker lost records it had acknowledged; sending again %s events sent since %s",
                    resent, cutoff.isoformat())

    async def _ensure_topics_exist(self, producer: AIOKafkaProducer) -> None:
        """A restarted in-memory broker forgets topics, and may acknowledge records sent to a
        topic it is still auto-creating and then lose them: check right before every batch."""
        cluster = await producer.client.fetch_all_metadata()
        if any(not cluster.partitions_for_topic(self._settings.topic(t)) for t in self._topics):
            await ensure_topics(self._settings, self._topics)
            await producer.client.force_metadata_update()

    async def _mark_sent(self, ids: list[int]) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(
                update(self._outbox).where(self._outbox.c.id.in_(ids)).values(sent_at=datetime.now(UTC))
            )

    async def _housekeeping(self) -> None:
        async with self._engine.begin() as connection:
            backlog = (await connection.execute(
                select(func.count()).select_from(self._outbox).where(self._outbox.c.sent_at.is_(None))
            )).scalar_one()
            self._metrics.outbox_backlog.set(backlog)
            if time.monotonic() - self._last_purge > PURGE_EVERY_SECONDS:
                self._last_purge = time.monotonic()
                cutoff = datetime.now(UTC) - timedelta(hours=self._settings.outbox_retention_hours)
                await connection.execute(
                    self._outbox.delete().where(self._outbox.c.sent_at < cutoff)
                )

    @contextlib.asynccontextmanager
    async def _leadership(self) -> AsyncIterator[None]:
        """Hold a PostgreSQL session advisory lock for as long as this relay publishes."""
        if self._engine.dialect.name != "postgresql":
            self.is_leader = True
            try:
                yield
            finally:
                self.is_leader = False
            return
        lock_key = _lock_key(self._settings.service_name)
        async with self._engine.connect() as connection:
            while not (await connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": lock_key}
            )).scalar_one():
                await connection.rollback()
                await asyncio.sleep(self._settings.relay_poll_seconds)
            await connection.commit()
            self._lock_connection = connection
            self.is_leader = True
            try:
                yield
            finally:
                self.is_leader = False
                self._lock_connection = None
                with contextlib.suppress(Exception):
                    await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key})
                    await connection.commit()

    async def _check_lock(self) -> None:
        """The lock lives as long as its connection: fail (and re-elect) when that died."""
        if self._lock_connection is not None:
            await self._lock_connection.execute(text("SELECT 1"))
            await self._lock_connection.commit()


def _lock_key(service: str) -> int:
    """A stable 63-bit advisory lock key per service."""
    digest = hashlib.sha256(f"outbox-relay:{service}".encode()).digest()
    return int.from_bytes(digest[:8], "big") & (2**63 - 1)
