"""Idempotent consumption, dead letters and consumer groups (SPEC 4.3)."""

import asyncio

from aiokafka import AIOKafkaProducer
from sqlalchemy import select

from shared.dead_letters import dlq_topic
from shared.events import new_envelope, topic_of
from tests.integration.backbone.probe_service import SUBSCRIBED, Switches, probe_settings, run_probe
from tests.support.apps import auth
from tests.support.events import EventProbe, eventually, publish


def _event(sku: str):
    return new_envelope(source="/inventory", type=SUBSCRIBED, subject=sku, data={"sku": sku})


async def test_delivering_the_same_event_twice_applies_it_once(probe, broker, namespace):
    event = _event("SKU-TWICE")
    await publish(broker.bootstrap, namespace, SUBSCRIBED, event.subject, {}, envelope=event)
    await publish(broker.bootstrap, namespace, SUBSCRIBED, event.subject, {}, envelope=event)
    marker = _event("SKU-AFTER")
    await publish(broker.bootstrap, namespace, SUBSCRIBED, marker.subject, {}, envelope=marker)

    async def both_seen():
        assert sorted(r.sku for r in await probe.effect_rows()) == ["SKU-AFTER", "SKU-TWICE"]

    await eventually(both_seen)
    metrics = (await probe.client.get("/metrics")).text
    assert 'events_consumed_total{outcome="duplicate",type="inventory.stock.depleted.v1"} 1.0' in metrics


async def test_poison_messages_are_dead_lettered_while_later_messages_are_consumed(
    probe, broker, namespace
):
    topic = topic_of(SUBSCRIBED)
    async with EventProbe(broker.bootstrap, namespace, [dlq_topic("probe")]) as dlq:
        await publish(broker.bootstrap, namespace, SUBSCRIBED, "NOT-JSON", {}, raw=b"\xff{not json")
        await publish(broker.bootstrap, namespace, SUBSCRIBED, "NOT-CE", {}, raw=b'{"hello": "world"}')
        wrong = new_envelope(source="/x", type=SUBSCRIBED, subject="WRONG", data={"no_sku": 1})
        await publish(broker.bootstrap, namespace, SUBSCRIBED, "WRONG", {}, envelope=wrong)
        unknown = new_envelope(source="/x", type="inventory.unknown.v9", subject="U", data={})
        await publish(broker.bootstrap, namespace, SUBSCRIBED, "U", {}, envelope=unknown, topic=topic)
        probe.switches.handler_fails = True
        failing = _event("SKU-BUGGY")
        await publish(broker.bootstrap, namespace, SUBSCRIBED, failing.subject, {}, envelope=failing)

        async def three_poison_plus_bug_dead_lettered():
            listing = (await probe.client.get("/v1/admin/dead-letters", headers=auth("admin"))).json()
            assert len(listing["items"]) == 4

        await eventually(three_poison_plus_bug_dead_lettered)
        probe.switches.handler_fails = False
        healthy = _event("SKU-HEALTHY")
        await publish(broker.bootstrap, namespace, SUBSCRIBED, healthy.subject, {}, envelope=healthy)

        async def healthy_applied():
            assert [r.sku for r in await probe.effect_rows()] == ["SKU-HEALTHY"]

        await eventually(healthy_applied)
        await dlq.wait_for(SUBSCRIBED, lambda e: e.id == failing.id)
        await eventually(lambda: _assert_len(dlq.raw, 4))

    listing = (await probe.client.get("/v1/admin/dead-letters", headers=auth("admin"))).json()
    by_event = {item["event_id"]: item for item in listing["items"]}
    buggy = by_event[failing.id]
    assert buggy["attempts"] == 3 and "handler bug" in buggy["error"]
    assert buggy["topic"] == namespace + topic
    not_json = next(i for i in listing["items"] if i["event_id"] is None and "\ufffd" in i["payload"])
    assert "not a CloudEvents JSON event" in not_json["error"]

    refused = await probe.client.post(f"/v1/admin/dead-letters/{buggy['id']}/replay", headers=auth("inventory"))
    assert refused.status_code == 403
    replayed = await probe.client.post(f"/v1/admin/dead-letters/{buggy['id']}/replay", headers=auth("admin"))
    assert replayed.status_code == 200, replayed.text
    assert replayed.json()["applied"] is True
    again = await probe.client.post(f"/v1/admin/dead-letters/{buggy['id']}/replay", headers=auth("admin"))
    assert again.json()["applied"] is False
    assert sorted(r.sku for r in await probe.effect_rows()) == ["SKU-BUGGY", "SKU-HEALTHY"]
    unparseable = await probe.client.post(
        f"/v1/admin/dead-letters/{not_json['id']}/replay", headers=auth("admin")
    )
    assert unparseable.status_code == 409
    assert unparseable.headers["content-type"] == "application/problem+json"


def _assert_len(items, expected):
    assert len(items) == expected


async def test_two_consumer_instances_share_partitions_and_apply_every_event_once(
    probe_url, broker, namespace, db_kind
):
    settings = probe_settings(probe_url, broker.bootstrap, namespace, consumer_max_attempts=50)
    switches = Switches()
    async with run_probe(settings, switches, "a") as first, run_probe(settings, switches, "b"):
        skus = [f"SKU-{index:03d}" for index in range(120)]
        for sku in skus:
            event = _event(sku)
            await publish(broker.bootstrap, namespace, SUBSCRIBED, sku, {}, envelope=event)

        async def all_applied():
            rows = await first.effect_rows()
            assert sorted(r.sku for r in rows) == skus

        await eventually(all_applied, timeout=60)
        await asyncio.sleep(1)
        rows = await first.effect_rows()
        assert len(rows) == len(skus)
        async with first.backbone.engine.connect() as connection:
            inbox = first.backbone.tables.inbox
            consumers = (await connection.execute(select(inbox.c.consumer).distinct())).scalars().all()
        assert consumers == ["probe"]
        assert set(switches.applied_by) == {"a", "b"}, f"one instance did all the work: {switches.applied_by}"


async def _publish_backlog(bootstrap, namespace, events):
    """Put events on the topic with one producer, before the consumer starts, so it reads them
    as a backlog in batches."""
    await publish(bootstrap, namespace, SUBSCRIBED, events[0].subject, {}, envelope=events[0])
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for event in events[1:]:
            await producer.send(namespace + topic_of(SUBSCRIBED), event.to_json(), key=event.subject.encode())
        await producer.flush()
    finally:
        await producer.stop()


async def test_a_batch_form_applies_a_redelivered_backlog_exactly_once(probe_url, broker, namespace):
    events = [_event(f"SKU-B{index:03d}") for index in range(80)]
    # 200 records of 80 events: the first 40 twice in a row, then all of them again.
    await _publish_backlog(broker.bootstrap, namespace, events[:40] + events[:40] + events[40:] + events)
    switches = Switches()
    async with run_probe(probe_settings(probe_url, broker.bootstrap, namespace), switches) as probe:
        async def all_applied():
            assert len(await probe.effect_rows()) == len(events)

        await eventually(all_applied, timeout=30)
        await asyncio.sleep(1)
        rows = await probe.effect_rows()
        assert sorted(r.event_id for r in rows) == sorted(e.id for e in events)
        assert max(switches.batches) > 1, "the batch form was never used"
        metrics = (await probe.client.get("/metrics")).text
        counted = [line for line in metrics.splitlines() if line.startswith("events_consumed_total")]
        assert 'events_consumed_total{outcome="duplicate",type="inventory.stock.depleted.v1"} 120.0' in counted


async def test_a_poison_event_in_a_batch_is_dead_lettered_alone(probe_url, broker, namespace):
    events = [_event(f"SKU-P{index:03d}") for index in range(60)]
    poison = events[25]
    await _publish_backlog(broker.bootstrap, namespace, events)
    switches = Switches(failing_sku=poison.data["sku"])
    async with run_probe(probe_settings(probe_url, broker.bootstrap, namespace), switches) as probe:
        async def rest_applied_and_poison_dead_lettered():
            assert len(await probe.effect_rows()) == len(events) - 1
            listing = (await probe.client.get("/v1/admin/dead-letters", headers=auth("admin"))).json()
            assert [item["event_id"] for item in listing["items"]] == [poison.id]

        await eventually(rest_applied_and_poison_dead_lettered, timeout=30)
        rows = await probe.effect_rows()
        assert sorted(r.event_id for r in rows) == sorted(e.id for e in events if e is not poison)
        assert max(switches.batches) > 1, "the batch form was never used"
