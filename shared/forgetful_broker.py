"""For a broker that may forget what it acknowledged (the local in-memory broker loses every
topic and record on a restart): recreate the topics and send the lost outbox rows again.

Enabled by `KAFKA_BROKER_FORGETS_RECORDS` (on for the local broker, off for Apache Kafka, whose
acknowledged records survive a restart). Detection works from what the outbox recorded: per
partition, the lowest offset of the last batch the broker acknowledged. A broker that kept its log
reports an end offset above it (Apache Kafka: the last offset + 1; the local broker: the last
batch's first offset + 1); one that lost records reports one at or below it, and every row
acknowledged at or after that end offset is sent again, in its original order, before newer rows.
The lowest offsets live in the database, so this also holds after the relay's own restart.
"""

from __future__ import annotations

import logging

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from shared.kafka import ensure_topics
from shared.outbox import Ack, OutboxRows
from shared.settings import ServiceSettings

log = logging.getLogger(__name__)


class ForgetfulBrokerGuard:
    def __init__(self, settings: ServiceSettings, rows: OutboxRows, topics: list[str]) -> None:
        self._settings = settings
        self._rows = rows
        self._topics = topics
        self._batch_starts: dict[tuple[str, int], int] = {}
        self._offsets: AIOKafkaConsumer | None = None

    async def start(self) -> None:
        self._offsets = AIOKafkaConsumer(bootstrap_servers=self._settings.kafka_bootstrap_servers,
                                         enable_auto_commit=False, request_timeout_ms=10_000)
        await self._offsets.start()
        self._batch_starts = await self._rows.latest_batch_starts()

    async def stop(self) -> None:
        if self._offsets is not None:
            await self._offsets.stop()
            self._offsets = None

    async def verify(self, producer: AIOKafkaProducer) -> bool:
        """Recreate missing topics and mark lost rows pending again; True when rows were lost."""
        await self._ensure_topics(producer)
        if not self._batch_starts or self._offsets is None:
            return False
        partitions = {TopicPartition(self._settings.topic(topic), partition): (topic, partition)
                      for topic, partition in self._batch_starts}
        ends = await self._offsets.end_offsets(list(partitions))
        lost = 0
        for broker_partition, (topic, partition) in partitions.items():
            end = ends.get(broker_partition, 0)
            if end > self._batch_starts[(topic, partition)]:
                continue
            lost += await self._rows.mark_lost(topic, partition, end)
            del self._batch_starts[(topic, partition)]
        if lost:
            log.warning("the broker lost %d records it had acknowledged; sending them again", lost)
        return lost > 0

    def acknowledged(self, acks: list[Ack]) -> None:
        """Remember the lowest offset of this batch per partition."""
        starts: dict[tuple[str, int], int] = {}
        for ack in acks:
            key = (ack.topic, ack.partition)
            starts[key] = min(ack.offset, starts.get(key, ack.offset))
        self._batch_starts.update(starts)

    async def _ensure_topics(self, producer: AIOKafkaProducer) -> None:
        """A restarted broker may acknowledge records sent to a topic it is still auto-creating and
        then lose them: make sure every topic exists before a batch goes out."""
        cluster = await producer.client.fetch_all_metadata()
        if any(not cluster.partitions_for_topic(self._settings.topic(t)) for t in self._topics):
            await ensure_topics(self._settings, self._topics)
            await producer.client.force_metadata_update()
