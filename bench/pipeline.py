"""Event pipeline: N events from inventory's outbox to content's committed handler, on
PostgreSQL both sides, vs raw aiokafka produce + consume of N records of the same size on the
same broker. Run: `python -m bench.pipeline [N]`."""

from __future__ import annotations

import asyncio
import sys
import time
import uuid
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from sqlalchemy import func, select

from bench.common import fresh_postgres, running_broker
from shared.events.payloads.inventory import StockChanged
from services.inventory import tables as inventory_tables
from shared.runtime import Backbone
from tests.support.apps import run_service, service_settings

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


async def _ours(bootstrap: str, count: int) -> tuple[float, int]:
    """Seconds from the relay's start to the last handler commit in content; and the record size."""
    namespace = f"bench{uuid.uuid4().hex[:6]}."
    async with fresh_postgres("inventory") as inventory_url, fresh_postgres("content") as content_url:
        async with run_service("content", content_url, bootstrap, namespace) as content:
            async with run_service("inventory", inventory_url, bootstrap, namespace,
                                   run_background_tasks=False) as inventory:
                writer = inventory.backbone
                size = 0
                for start in range(0, count, 1000):
                    async with writer.uow() as uow:
                        for index in range(start, min(count, start + 1000)):
                            event = uow.publish(EVENT, f"SKU-{index:06d}", _payload(index))
                            size = len(event.to_json())
                        await uow.commit()
                relay_settings = service_settings(
                    "inventory", **{**inventory.settings.model_dump(), "relay_batch_size": 1000}
                )
                relay = Backbone.build(relay_settings, inventory_tables.backbone, {})
                await asyncio.sleep(3)  # content's consumer joins its group before the clock starts
                started = time.perf_counter()
                task = asyncio.create_task(relay.relay.run())
                while await _applied(content.backbone) < count:
                    await asyncio.sleep(0.05)
                elapsed = time.perf_counter() - started
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
                await relay.engine.dispose()
    return elapsed, size


async def run(count: int = 20_000) -> dict[str, Any]:
    async with running_broker() as broker:
        ours, size = await _ours(broker.bootstrap, count)
        baseline = await _raw_kafka(broker.bootstrap, count, size)
    return {
        "figure": f"event pipeline, {count} events outbox → handler (events/s)",
        "ours": count / ours, "baseline": count / baseline, "ratio": baseline / ours,
        "target": ">= 0.25", "met": baseline / ours >= 0.25,
        "notes": f"{size} B records; ours {ours:.2f} s, raw aiokafka {baseline:.2f} s",
    }


def main() -> dict[str, Any]:
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 20_000
    return asyncio.run(run(count))


if __name__ == "__main__":
    print(main())
