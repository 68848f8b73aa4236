"""Idempotent consumption, dead letters and consumer groups (SPEC 4.3)."""

import asyncio

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
