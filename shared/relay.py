"""Outbox relay (SPEC 4.2): sends pending outbox rows in order, marks them sent after acks."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from aiokafka import AIOKafkaProducer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.events.envelope import CONTENT_TYPE
from shared.forgetful_broker import ForgetfulBrokerGuard
from shared.kafka import ensure_topics, make_producer
from shared.observability import Metrics
from shared.outbox import Ack, OutboxRows, PendingRow
from shared.settings import ServiceSettings
from shared.tables import BackboneTables

log = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 300.0


class OutboxRelay:
    """One per process; on PostgreSQL only the holder of the advisory lock publishes.

    A failure ends `run`; the backbone's supervisor starts it again after a backoff."""

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
        self._metrics = metrics
        self._topics = topics
        self.rows = OutboxRows(engine, tables.outbox)
        self._guard = (ForgetfulBrokerGuard(settings, self.rows, topics)
                       if settings.kafka_broker_forgets_records else None)
        self._wakeup = asyncio.Event()
        self._last_purge = 0.0
        self._last_tick = 0.0
        self._lock_connection: AsyncConnection | None = None
        self.is_leader = False

    def wake(self) -> None:
        """Called right after a commit that added outbox rows."""
        self._wakeup.set()

    async def run(self) -> None:
        async with self._leadership():
            await ensure_topics(self._settings, self._topics)
            producer = make_producer(self._settings)
            try:
                await producer.start()
                if self._guard is not None:
                    await self._guard.start()
                await self._publish_forever(producer)
            finally:
                if self._guard is not None:
                    await self._guard.stop()
                await producer.stop()

    async def _publish_forever(self, producer: AIOKafkaProducer) -> None:
        upcoming: asyncio.Task[list[PendingRow]] | None = None
        try:
            while True:
                rows = None
                if upcoming is not None:
                    rows, upcoming = await upcoming, None
                else:
                    # Cleared before reading the outbox: a commit during the batch wakes the next round.
                    self._wakeup.clear()
                upcoming = (await self._send_batch(producer, rows))[1]
                if upcoming is not None:
                    continue
                if time.monotonic() - self._last_tick >= self._settings.relay_poll_seconds:
                    self._last_tick = time.monotonic()
                    await self._check_lock()
                    await self._housekeeping(producer)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), self._settings.relay_poll_seconds)
        finally:
            if upcoming is not None:
                upcoming.cancel()

    async def _send_batch(
        self, producer: AIOKafkaProducer, rows: list[PendingRow] | None
    ) -> tuple[int, asyncio.Task[list[PendingRow]] | None]:
        """Send a batch (read now, or read while the previous one was in flight) and mark what the
        broker acknowledged. After a full batch the next one is read while this one waits for its
        acknowledgements; it is sent only once this one is settled, so per-key order holds."""
        batch_size = self._settings.relay_batch_size
        if rows is None:
            rows = await self.rows.pending(batch_size)
        if not rows:
            return 0, None
        if self._guard is not None and await self._guard.verify(producer):
            rows = await self.rows.pending(batch_size)
        futures = [await producer.send(self._settings.topic(row.topic), value=row.payload,
                                       key=row.key.encode(), headers=_headers(row))
                   for row in rows]
        upcoming = None
        if len(rows) >= batch_size:
            self._wakeup.clear()  # the read below sees every commit before it
            upcoming = asyncio.create_task(self.rows.pending(batch_size, after_id=rows[-1].id))
        try:
            results = await asyncio.gather(*futures, return_exceptions=True)
            acks = [Ack(row.id, row.topic, result.partition, result.offset)
                    for row, result in zip(rows, results, strict=True)
                    if not isinstance(result, BaseException)]
            await self.rows.mark_sent(acks)
        except BaseException:
            if upcoming is not None:
                upcoming.cancel()
            raise
        if self._guard is not None:
            self._guard.acknowledged(acks)
        for row, result in zip(rows, results, strict=True):
            if not isinstance(result, BaseException):
                self._metrics.events_published.labels(row.event_type).inc()
        failures = [r for r in results if isinstance(r, BaseException)]
        if failures:
            if upcoming is not None:
                upcoming.cancel()
            raise failures[0]
        return len(rows), upcoming

    async def _housekeeping(self, producer: AIOKafkaProducer) -> None:
        if self._guard is not None:
            await self._guard.verify(producer)
        self._metrics.outbox_backlog.set(await self.rows.backlog())
        if time.monotonic() - self._last_purge > PURGE_EVERY_SECONDS:
            self._last_purge = time.monotonic()
            await self.rows.purge_sent_before(
                datetime.now(UTC) - timedelta(hours=self._settings.outbox_retention_hours)
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
            # A dead leader's session ends with its process, and its lock with it: standbys ask
            # often enough to take over within the failover time.
            retry_seconds = min(self._settings.relay_poll_seconds, self._settings.relay_failover_seconds / 5)
            while not (await connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": lock_key}
            )).scalar_one():
                await connection.rollback()
                await asyncio.sleep(retry_seconds)
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


def _headers(row: PendingRow) -> list[tuple[str, bytes]]:
    headers = [("content-type", CONTENT_TYPE.encode()), ("ce_type", row.event_type.encode())]
    if row.traceparent:
        headers.append(("traceparent", row.traceparent.encode()))
    return headers


def _lock_key(service: str) -> int:
    """A stable 63-bit advisory lock key per service."""
    digest = hashlib.sha256(f"outbox-relay:{service}".encode()).digest()
    return int.from_bytes(digest[:8], "big") & (2**63 - 1)
