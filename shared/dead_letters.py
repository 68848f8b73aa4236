"""Dead letters (SPEC 4.3): a row in `dead_letters` plus the record on `<service>.dlq`."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.events import Envelope
from shared.tables import BackboneTables


def dlq_topic(service: str) -> str:
    return f"{service}.dlq"


class DeadLetters:
    def __init__(self, service: str, engine: AsyncEngine, tables: BackboneTables) -> None:
        self.service = service
        self._engine = engine
        self._tables = tables

    async def record(
        self, *, topic: str, partition: int, offset: int, key: bytes | None, payload: bytes,
        error: str, attempts: int, envelope: Envelope | None,
    ) -> str:
        """Store the message and queue it for the dead-letter topic, in one transaction."""
        dead_letter_id = str(uuid.uuid4())
        now = datetime.now(UTC)
        key_text = key.decode(errors="replace") if key is not None else None
        async with self._engine.begin() as connection:
            await connection.execute(self._tables.dead_letters.insert().values(
                id=dead_letter_id, consumer=self.service, topic=topic, partition=partition,
                offset=offset, key=key_text, payload=payload, error=error[:4000],
                attempts=attempts, created_at=now,
                event_id=envelope.id if envelope else None,
                event_type=envelope.type if envelope else None,
            ))
            await connection.execute(self._tables.outbox.insert().values(
                event_id=f"dlq:{dead_letter_id}", event_type=envelope.type if envelope else "unparsed",
                topic=dlq_topic(self.service), key=key_text or dead_letter_id, payload=payload,
                created_at=now,
            ))
        return dead_letter_id

    async def get(self, dead_letter_id: str) -> dict[str, Any] | None:
        async with self._engine.connect() as connection:
            row = (await connection.execute(
                select(self._tables.dead_letters).where(self._tables.dead_letters.c.id == dead_letter_id)
            )).mappings().first()
        return dict(row) if row else None

    async def mark_replayed(self, dead_letter_id: str) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(
                update(self._tables.dead_letters)
                .where(self._tables.dead_letters.c.id == dead_letter_id)
                .values(replayed_at=datetime.now(UTC))
            )

    async def note_failed_replay(self, dead_letter_id: str, error: str) -> None:
        table = self._tables.dead_letters
        async with self._engine.begin() as connection:
            await connection.execute(
                update(table).where(table.c.id == dead_letter_id)
                .values(error=error[:4000], attempts=table.c.attempts + 1)
            )
