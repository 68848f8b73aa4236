"""Event pipeline: N events from inventory's outbox to content's committed handler, on the same
backend both sides (SQLite files or PostgreSQL), vs raw aiokafka produce + consume of N records of
the same size on the same broker. The scaling curve repeats it at 1/16 and 1/4 of N (the outbox
backlog grows 4x per step; smaller N than the headline keeps `make bench` within its time budget).
Run: `python -m bench.pipeline [sqlite|postgres] [N]`."""

from __future__ import annotations

import asyncio
import sys
import time
import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from sqlalchemy import func, select

from bench.common import LABELS, Figure, fresh_database, running_broker
from shared.events.payloads.inventory import StockChanged
from shared.runtime import Backbone
from tests.support.apps import run_service

EVENT = "inventory.stock.changed.v1"


def _payload(index: int) -> StockChanged:
    return StockChanged(sku=f"SKU-{index:06d}", warehouse="BER-1", delta=5, reason="receipt",
                        reference=f"po-{index}", on_hand=50, reserved=3, available=47, total_available=47)


async def _raw_kafka(bootstrap: str, count: int, size: int) -> float:
    """Seconds for raw aiokafka to produce `count` records (acks=all) and consume them in a group."""
    topic = f"raw-{uuid.uuid4().hex[:8]}"
    value = b"x" * size
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=f"g-{topic}",
                                enable_auto_commit=False, auto_offset_reset="earliest")
    await producer.start()
    await consumer.start()
    await asyncio.sleep(1)  # let the consumer join its group before the clock starts
    started = time.perf_counter()
    futures = [await producer.send(topic, value, key=f"k{i % 512}".encode()) for i in range(count)]
    await asyncio.gather(*futures)
    received = 0
    while received < count:
        batches = await consumer.getmany(timeout_ms=500, max_records=500)
        for partition, records in batches.items():
            received += len(records)
            await consumer.commit({partition: records[-1].offset + 1})
    elapsed = time.perf_counter() - started
    await consumer.stop()
    await producer.stop()
    return elapsed


async def _applied(backbone: Backbone) -> int:
    inbox = backbone.tables.inbox
    async with backbone.engine.connect() as connection:
        return int((await connection.execute(
            select(func.count()).select_from(inbox).where(inbox.c.event_type == EVENT)
        )).scalar_one())


async def _publish(writer: Backbone, first: int, count: int) -> int:
    """Commit events to the outbox in transactions of 1,000; return the record size."""
    size = 0
    for start in range(first, first + count, 1000):
        async with writer.uow() as uow:
            for index in range(start, min(first + count, start + 1000)):
                event = uow.publish(EVENT, f"SKU-{index:06d}", _payload(index))
                size = len(event.to_json())
            await uow.commit()
    return size


async def _wait_applied(content: Backbone, count: int) -> None:
    while await _applied(content) < count:  # noqa: ASYNC110 (a database count)
        await asyncio.sleep(0.02)


async def _ours(backend: str, bootstrap: str, count: int) -> tuple[float, int]:
    """Seconds from the first outbox commit to the last handler commit in content, with the
    relay and the consumer already running; and the record size."""
    namespace = f"bench{uuid.uuid4().hex[:6]}."
    async with (
        fresh_database(backend, "inventory") as inventory_url,
        fresh_database(backend, "content") as content_url,
        run_service("content", content_url, bootstrap, namespace) as content,
        run_service("inventory", inventory_url, bootstrap, namespace) as inventory,
    ):
        await _publish(inventory.backbone, 0, 1)  # warm-up: topics, producer, group membership
        await asyncio.wait_for(_wait_applied(content.backbone, 1), 60)
        started = time.perf_counter()
        size = await _publish(inventory.backbone, 1, count)
        await asyncio.wait_for(_wait_applied(content.backbone, count + 1), max(60, count / 100))
        elapsed = time.perf_counter() - started
    return elapsed, size


async def run(backend: str, count: int = 20_000, scales: tuple[int, ...] = (1, 4, 16)) -> list[Figure]:
    """The headline figure at N = `count`, then the smaller backlogs of the scaling curve."""
    figures = []
    async with running_broker() as broker:
        for scale in sorted(scales, reverse=True):
            events = count * scale // max(scales)
            ours, size = await _ours(backend, broker.bootstrap, events)
            baseline = await _raw_kafka(broker.bootstrap, events, size)
            ratio = baseline / ours
            figures.append(Figure(
                name=f"event pipeline outbox → committed handler, {events:,} events "
                     f"({scale}x backlog) (events/s)",
                database=LABELS[backend], ours=f"{events / ours:,.0f}", baseline=f"{events / baseline:,.0f}",
                ratio=ratio,
                target="ratio ≥ 0.25", met=ratio >= 0.25,
                note=f"{size} B records; ours {ours:.2f} s, raw aiokafka produce+consume {baseline:.2f} s",
            ))
    return figures


def main() -> list[Figure]:
    backend = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    return asyncio.run(run(backend, count))


if __name__ == "__main__":
    for figure in main():
        print(figure)
