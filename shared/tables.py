"""The backbone tables every service's schema holds: outbox, inbox, dead letters, idempotency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect

BigId = BigInteger().with_variant(Integer, "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp column that stores and returns aware UTC datetimes on every database
    (SQLite hands back naive values; they are UTC because only UTC is ever stored)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True)
class BackboneTables:
    outbox: Table
    inbox: Table
    dead_letters: Table
    idempotency: Table


def backbone_tables(metadata: MetaData) -> BackboneTables:
    outbox = Table(
        "outbox", metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("event_id", String(64), nullable=False, unique=True),
        Column("event_type", String(200), nullable=False),
        Column("topic", String(200), nullable=False),
        Column("key", String(200), nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("sent_at", UtcDateTime()),
        # Where the broker put the row: a broker that lost it can be told apart from one that kept it.
        Column("acked_partition", Integer),
        Column("acked_offset", BigInteger),
        Column("traceparent", String(55)),
    )
    Index(
        "ix_outbox_pending", outbox.c.id,
        postgresql_where=outbox.c.sent_at.is_(None), sqlite_where=outbox.c.sent_at.is_(None),
    )
    Index("ix_outbox_sent_at", outbox.c.sent_at)
    inbox = Table(
        "inbox", metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", String(200), primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("processed_at", UtcDateTime(), nullable=False),
    )
    dead_letters = Table(
        "dead_letters", metadata,
        Column("id", String(36), primary_key=True),
        Column("consumer", String(100), nullable=False),
        Column("topic", String(200), nullable=False),
        Column("partition", Integer, nullable=False),
        Column("offset", BigInteger, nullable=False),
        Column("key", String(500)),
        Column("event_id", String(200)),
        Column("event_type", String(200)),
        Column("payload", LargeBinary, nullable=False),
        Column("error", Text, nullable=False),
        Column("attempts", Integer, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False, index=True),
        Column("replayed_at", UtcDateTime()),
    )
    idempotency = Table(
        "idempotency_keys", metadata,
        Column("key", String(300), primary_key=True),
        Column("request_hash", String(64), nullable=False),
        Column("status_code", Integer),
        Column("content_type", String(100)),
        Column("body", LargeBinary),
        Column("created_at", UtcDateTime(), nullable=False, index=True),
    )
    return BackboneTables(outbox, inbox, dead_letters, idempotency)
