"""The outbox table as the relay sees it: pending rows, acknowledgements, rows to send again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db import read_only_options


@dataclass(frozen=True)
class PendingRow:
    id: int
    topic: str
    key: str
    payload: bytes
    event_type: str
    traceparent: str | None


@dataclass(frozen=True)
class Ack:
    """The broker acknowledged an outbox row at this partition and offset."""

    row_id: int
    topic: str
    partition: int
    offset: int


class OutboxRows:
    """Queries of the relay on the outbox; each method is its own short transaction."""

    def __init__(self, engine: AsyncEngine, outbox: Table) -> None:
        self._engine = engine
        self._outbox = outbox

    async def pending(self, limit: int, after_id: int | None = None) -> list[PendingRow]:
        """The oldest rows not yet acknowledged (after `after_id`, when given), in the order they
        were written."""
        outbox = self._outbox
        query = (select(outbox.c.id, outbox.c.topic, outbox.c.key, outbox.c.payload, outbox.c.event_type,
                        outbox.c.traceparent)
                 .where(outbox.c.sent_at.is_(None)).order_by(outbox.c.id).limit(limit))
        if after_id is not None:
            query = query.where(outbox.c.id > after_id)
        async with self._engine.connect() as connection:
            await connection.execution_options(**read_only_options(self._engine.dialect.name))
            rows = (await connection.execute(query)).all()
        return [PendingRow(r.id, r.topic, r.key, bytes(r.payload), r.event_type, r.traceparent)
                for r in rows]

    async def mark_sent(self, acks: list[Ack]) -> None:
        """Mark acknowledged rows sent, each with where the broker put it: one prepared statement
        executed for every row (a CASE over the whole batch cost more to build than to run)."""
        if not acks:
            return
        outbox = self._outbox
        statement = (
            update(outbox).where(outbox.c.id == bindparam("row_id"))
            .values(sent_at=bindparam("sent_at"), acked_partition=bindparam("partition"),
                    acked_offset=bindparam("offset"))
        )
        sent_at = datetime.now(UTC)
        async with self._engine.begin() as connection:
            await connection.execute(statement, [
                {"row_id": a.row_id, "sent_at": sent_at, "partition": a.partition, "offset": a.offset}
                for a in acks
            ])

    async def latest_batch_starts(self) -> dict[tuple[str, int], int]:
        """Per topic partition, the lowest offset of the last batch acknowledged there (the rows of
        one batch share their `sent_at`)."""
        outbox = self._outbox
        latest = (
            select(outbox.c.topic, outbox.c.acked_partition, func.max(outbox.c.sent_at).label("sent_at"))
            .where(outbox.c.acked_partition.is_not(None))
            .group_by(outbox.c.topic, outbox.c.acked_partition).subquery()
        )
        statement = (
            select(outbox.c.topic, outbox.c.acked_partition, func.min(outbox.c.acked_offset))
            .join(latest, (latest.c.topic == outbox.c.topic)
                  & (latest.c.acked_partition == outbox.c.acked_partition)
                  & (latest.c.sent_at == outbox.c.sent_at))
            .group_by(outbox.c.topic, outbox.c.acked_partition)
        )
        async with self._engine.connect() as connection:
            await connection.execution_options(**read_only_options(self._engine.dialect.name))
            rows = (await connection.execute(statement)).all()
        return {(topic, int(partition)): int(offset) for topic, partition, offset in rows}

    async def mark_lost(self, topic: str, partition: int, from_offset: int) -> int:
        """The broker no longer has this partition from `from_offset` on: those rows are pending
        again (and go out before any newer row, in their original order)."""
        outbox = self._outbox
        async with self._engine.begin() as connection:
            result = await connection.execute(
                update(outbox).where(outbox.c.topic == topic, outbox.c.acked_partition == partition,
                                     outbox.c.acked_offset >= from_offset)
                .values(sent_at=None, acked_partition=None, acked_offset=None)
            )
        return int(result.rowcount)

    async def resend_since(self, since: datetime) -> int:
        """Every row written since `since` is sent again (operators' tool; consumers deduplicate)."""
        outbox = self._outbox
        async with self._engine.begin() as connection:
            result = await connection.execute(
                update(outbox).where(outbox.c.created_at >= since, outbox.c.sent_at.is_not(None))
                .values(sent_at=None, acked_partition=None, acked_offset=None)
            )
        return int(result.rowcount)

    async def backlog(self) -> int:
        outbox = self._outbox
        async with self._engine.connect() as connection:
            await connection.execution_options(**read_only_options(self._engine.dialect.name))
            count = (await connection.execute(
                select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
            )).scalar_one()
        return int(count)

    async def purge_sent_before(self, cutoff: datetime) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(self._outbox.delete().where(self._outbox.c.sent_at < cutoff))
