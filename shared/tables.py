"""The backbone tables every service's schema holds: outbox, inbox, dead letters, idempotency."""

from __future__ import annotations

from dataclasses import dataclass

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
)

BigId = BigInteger().with_variant(Integer, "sqlite")


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
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("sent_at", DateTime(timezone=True)),
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
        Column("processed_at", DateTime(timezone=True), nullable=False),
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
        Column("created_at", DateTime(timezone=True), nullable=False, index=True),
        Column("replayed_at", DateTime(timezone=True)),
    )
    idempotency = Table(
        "idempotency_keys", metadata,
        Column("key", String(300), primary_key=True),
        Column("request_hash", String(64), nullable=False),
        Column("status_code", Integer),
        Column("content_type", String(100)),
        Column("body", LargeBinary),
        Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    )
    return BackboneTables(outbox, inbox, dead_letters, idempotency)
