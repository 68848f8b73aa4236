"""Prepared handlers: the slow step runs before the event's transaction, once per event."""

import pytest
from sqlalchemy import select

from shared.events.envelope import new_envelope
from shared.inbox import EventApplier, PreparedHandler
from tests.integration.backbone.probe_service import SUBSCRIBED, effects, tables, things


def _event(sku: str):
    return new_envelope(source="/inventory", type=SUBSCRIBED, subject=sku, data={"sku": sku})


async def test_prepare_holds_no_write_lock_and_runs_once_per_event(probe):
    backbone = probe.backbone
    prepared_for: list[str] = []

    async def prepare(event, read):
        # Another writer commits while the event is being prepared: with the event's write
        # transaction already open this would wait for it (SQLite allows one writer).
        async with backbone.uow() as writer:
            await writer.execute(things.insert().values(name=f"during-{event.subject}", quantity=1))
            await writer.commit()
        async with read() as uow:
            seen = (await uow.execute(select(things.c.name).order_by(things.c.name))).scalars().all()
        prepared_for.append(event.subject)
        return list(seen)

    async def apply(event, uow, seen):
        await uow.execute(effects.insert().values(
            event_id=event.id, subject=event.subject, sku=",".join(seen), applied_at=event.time))

    applier = EventApplier("prepared-probe", {SUBSCRIBED: [PreparedHandler(prepare, apply)]},
                           backbone.uow, tables)
    first, second = _event("A"), _event("B")
    assert await applier.apply_all([first, second, first]) == [True, True, False]
    assert await applier.apply(first) is False  # delivered again: neither prepared nor applied
    assert prepared_for == ["A", "B"]
    rows = await probe.effect_rows()
    assert [(row.subject, row.sku) for row in rows] == [("A", "during-A"), ("B", "during-A,during-B")]


async def test_a_failing_prepare_applies_nothing(probe):
    async def prepare(event, read):
        raise ConnectionError("page unreachable")

    async def apply(event, uow, value):
        raise AssertionError("apply must not run without its preparation")

    applier = EventApplier("prepared-probe", {SUBSCRIBED: [PreparedHandler(prepare, apply)]},
                           probe.backbone.uow, tables)
    event = _event("C")
    with pytest.raises(ConnectionError):  # reaches the consumer, which retries and dead-letters
        await applier.apply(event)
    assert await probe.effect_rows() == []
    async with probe.backbone.uow(read_only=True) as uow:
        inbox = (await uow.execute(select(tables.inbox.c.event_id))).scalars().all()
    assert event.id not in inbox
