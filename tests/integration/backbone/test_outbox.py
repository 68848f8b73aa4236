"""Transactional outbox and relay (SPEC 4.2)."""

import asyncio

from shared.events import topic_of
from shared.outbox import OutboxRows
from tests.integration.backbone.probe_service import SUBSCRIBED, Switches, probe_settings, run_probe
from tests.support.apps import auth
from tests.support.events import EventProbe, eventually


async def test_rolled_back_event_is_never_published_and_committed_one_is_published_once(
    probe, broker, namespace
):
    async with EventProbe(broker.bootstrap, namespace, [topic_of(SUBSCRIBED)]) as events:
        async with probe.backbone.uow() as uow:
            uow.publish(SUBSCRIBED, "ROLLED-BACK", {"sku": "ROLLED-BACK"})
            await uow.rollback()
        async with probe.backbone.uow() as uow:
            uow.publish(SUBSCRIBED, "LEFT-WITHOUT-COMMIT", {"sku": "LEFT-WITHOUT-COMMIT"})
        async with probe.backbone.uow() as uow:
            uow.publish(SUBSCRIBED, "COMMITTED", {"sku": "COMMITTED"})
            await uow.commit()
        await events.wait_for(SUBSCRIBED, lambda e: e.subject == "COMMITTED")
        await eventually(lambda: _assert_effects(probe, ["COMMITTED"]))
        subjects = [e.subject for e in events.of_type(SUBSCRIBED)]
        assert subjects == ["COMMITTED"]


async def _assert_effects(probe, subjects):
    rows = await probe.effect_rows()
    assert [r.subject for r in rows] == subjects


async def test_relay_crash_between_send_and_mark_resends_and_inbox_absorbs_duplicate(
    probe_url, broker, namespace
):
    settings = probe_settings(probe_url, broker.bootstrap, namespace)
    async with (
        EventProbe(broker.bootstrap, namespace, [topic_of(SUBSCRIBED)]) as events,
        run_probe(settings) as service,
    ):
        relay = service.backbone.relay
        relay.rows = CrashOnceAfterAcknowledgement(service.backbone.engine, service.backbone.tables.outbox)
        crashes = relay.rows.crashes
        async with service.backbone.uow() as uow:
            event = uow.publish(SUBSCRIBED, "SKU-DUP", {"sku": "SKU-DUP"})
            await uow.commit()
        await events.wait_for(SUBSCRIBED, lambda e: e.id == event.id, count=2)
        await eventually(lambda: _assert_effects(service, ["SKU-DUP"]))
        await eventually(lambda: _assert_outbox_sent(service))
        assert crashes, "the injected crash did not happen"
        assert len(await service.effect_rows()) == 1


class CrashOnceAfterAcknowledgement(OutboxRows):
    """The relay's outbox rows, failing the first time acknowledged rows are to be marked sent."""

    def __init__(self, *args):
        super().__init__(*args)
        self.crashes = []

    async def mark_sent(self, acks):
        if not self.crashes:
            self.crashes.append(acks)
            raise ConnectionError("relay died after the broker acknowledged")
        await super().mark_sent(acks)


async def _assert_outbox_sent(service):
    async with service.backbone.engine.connect() as connection:
        from sqlalchemy import select

        outbox = service.backbone.tables.outbox
        pending = (await connection.execute(select(outbox.c.id).where(outbox.c.sent_at.is_(None)))).all()
    assert pending == []


async def test_writes_pile_up_while_broker_is_down_and_arrive_in_order_after_restart(
    probe_url, namespace, tmp_path
):
    from tests.support.broker import Broker

    own_broker = Broker(log_path=tmp_path / "tansu.log")
    own_broker.start()
    try:
        settings = probe_settings(probe_url, own_broker.bootstrap, namespace)
        async with run_probe(settings, Switches()) as service:
            await _create_things(service, "warmup", 1)
            await eventually(lambda: _assert_effect_count(service, 1))
            own_broker.stop()
            await _create_things(service, "down", 30, key="one-aggregate")
            backlog = (await service.client.get("/readyz")).json()
            assert backlog["broker"] == "down"
            assert backlog["outbox_backlog"] >= 30
            own_broker.start()
            await eventually(lambda: _assert_effect_count(service, 31), timeout=60)
            rows = await service.effect_rows()
            per_key = [r.sku for r in rows if r.subject == "one-aggregate"]
            assert per_key == [f"down-{i:03d}" for i in range(30)]
    finally:
        own_broker.stop()


async def _create_things(service, prefix, count, key=None):
    for index in range(count):
        body = {"name": f"{prefix}-{index:03d}", "quantity": 1, "key": key}
        response = await service.client.post("/v1/things", json=body, headers=auth("inventory"))
        assert response.status_code == 201, response.text


async def _assert_effect_count(service, expected):
    assert len(await service.effect_rows()) == expected


async def test_rows_a_restarted_broker_lost_are_sent_again_after_the_relay_restarted_too(
    probe_url, namespace, tmp_path
):
    """The whole local stack restarted: the relay's process and the in-memory broker. The
    acknowledged offsets stored in the outbox tell the new relay exactly what the broker lost."""
    from tests.support.broker import Broker

    own_broker = Broker(log_path=tmp_path / "tansu.log")
    own_broker.start()
    try:
        settings = probe_settings(probe_url, own_broker.bootstrap, namespace)
        async with run_probe(settings) as first_life:
            await _create_things(first_life, "before", 12, key="one-aggregate")
            await eventually(lambda: _assert_effect_count(first_life, 12))
            await eventually(lambda: _assert_outbox_sent(first_life))
        own_broker.restart()
        async with (
            run_probe(settings) as second_life,
            EventProbe(own_broker.bootstrap, namespace, [topic_of(SUBSCRIBED)]) as events,
        ):
            await _create_things(second_life, "after", 3, key="one-aggregate")
            await events.wait_for(SUBSCRIBED, count=15)
            await eventually(lambda: _assert_outbox_sent(second_life))
            await eventually(lambda: _assert_effect_count(second_life, 15), timeout=30)
            await asyncio.sleep(1.0)  # a second resend, or a duplicate effect, would be here by now
            names = [e.data["sku"] for e in events.of_type(SUBSCRIBED)]
            assert names == [f"before-{i:03d}" for i in range(12)] + [f"after-{i:03d}" for i in range(3)]
            assert len(await second_life.effect_rows()) == 15, "an effect was applied twice"
    finally:
        own_broker.stop()


async def test_a_backlog_larger_than_a_batch_arrives_once_and_in_order_per_key(probe_url, broker, namespace):
    settings = probe_settings(probe_url, broker.bootstrap, namespace, relay_batch_size=7)
    async with run_probe(settings, Switches()) as service:
        async with service.backbone.uow() as uow:
            for index in range(60):
                uow.publish(SUBSCRIBED, f"KEY-{index % 3}", {"sku": f"S-{index:03d}"})
            await uow.commit()
        await eventually(lambda: _assert_effect_count(service, 60), timeout=30)
        await asyncio.sleep(0.5)
        rows = await service.effect_rows()
        assert len(rows) == 60
        for key in range(3):
            per_key = [r.sku for r in rows if r.subject == f"KEY-{key}"]
            assert per_key == [f"S-{index:03d}" for index in range(key, 60, 3)]
        assert await service.backbone.relay.rows.backlog() == 0
