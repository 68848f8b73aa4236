"""Poison of every kind reaches a running service process among good events: it is dead-lettered
and the good events around it are applied. A business refusal (an inspection naming a warehouse
inventory does not know) is not poison: it is answered with `inventory.return.refused.v1`, and a
corrected inspection of the same return is applied. Replaying dead letters after a fix is covered
with a handler that fails on purpose in tests/integration/backbone/test_consumer.py."""

from __future__ import annotations

import json
import uuid
from typing import Any

from aiokafka import AIOKafkaProducer

from shared.events import topic_of
from shared.events.envelope import new_envelope
from shared.kafka import ensure_topics
from tests.reliability.conftest import FaultyStack
from tests.support.apps import service_settings
from tests.support.events import EventProbe, eventually, publish

INSPECTED = "support.return.inspected.v1"
SKU, WAREHOUSE, MISSING_WAREHOUSE = "SKU-POISON", "WH-POISON", "WH-OPENS-LATER"
GOOD_EVENTS = 40


def inspected(return_id: str, warehouse: str = WAREHOUSE) -> bytes:
    return new_envelope(source="/support", type=INSPECTED, subject=return_id, data={
        "return_id": return_id, "warehouse": warehouse,
        "lines": [{"sku": SKU, "qty": 1, "disposition": "resellable"}]}).to_json()


POISON = {
    "not json": b"\xff{definitely not json",
    "not cloudevents": json.dumps({"hello": "world"}).encode(),
    "wrong schema": new_envelope(source="/support", type=INSPECTED, subject="RMA-BAD",
                                 data={"return_id": "RMA-BAD"}).to_json(),
}
REFUSED = inspected("RMA-LATER", MISSING_WAREHOUSE)
IGNORED = new_envelope(source="/support", type="support.return.teleported.v1", subject="RMA-X",
                       data={"anything": True}).to_json()


async def _stock(stack: FaultyStack) -> int:
    [row] = await stack.query("inventory", "SELECT coalesce(sum(on_hand), 0) AS n FROM stock_levels "
                              "WHERE sku = $1", SKU)
    return int(row["n"])


async def _dead_letters(stack: FaultyStack) -> list[dict[str, Any]]:
    answer = await stack.running.call("inventory", "GET", "/v1/admin/dead-letters?limit=200", "admin")
    return [letter for letter in answer.json()["items"] if letter["key"] == "same-partition"]


async def test_poison_is_dead_lettered_while_good_events_flow_and_replays_once(
    faulty_stack: FaultyStack,
) -> None:
    stack = faulty_stack
    for path, body in ((f"/v1/warehouses/{WAREHOUSE}", {"name": "Poison", "country": "DE"}),
                       (f"/v1/items/{SKU}", {"name": "Poison"})):
        assert (await stack.running.call("inventory", "PUT", path, "inventory", json=body)).status_code < 300
    settings = service_settings("support", kafka_bootstrap_servers=stack.broker.bootstrap,
                                kafka_namespace=stack.running.namespace)
    topic = settings.topic(topic_of(INSPECTED))
    await ensure_topics(settings, [topic_of(INSPECTED)])
    good_ids = [f"RMA-{uuid.uuid4()}" for _ in range(GOOD_EVENTS)]
    poison = [*POISON.values(), IGNORED, REFUSED]
    producer = AIOKafkaProducer(bootstrap_servers=stack.broker.bootstrap, acks="all")
    await producer.start()
    try:
        for number, return_id in enumerate(good_ids):
            await producer.send(topic, value=inspected(return_id), key=b"same-partition")
            if number % 8 == 0 and poison:
                await producer.send(topic, value=poison.pop(0), key=b"same-partition")
        await producer.flush()
    finally:
        await producer.stop()

    async def good_applied_and_poison_parked() -> None:
        assert await _stock(stack) == GOOD_EVENTS
        letters = await _dead_letters(stack)
        assert len(letters) == len(POISON), [letter["error"][:80] for letter in letters]

    async with EventProbe(stack.broker.bootstrap, stack.running.namespace, ["inventory.events"]) as answers:
        await eventually(good_applied_and_poison_parked, timeout=60)
        [refusal] = await answers.wait_for("inventory.return.refused.v1", lambda e: e.subject == "RMA-LATER")
    assert any(MISSING_WAREHOUSE in reason for reason in refusal.data["reasons"]), refusal.data
    assert not [letter for letter in await _dead_letters(stack) if "RMA-LATER" in letter["payload"]]

    unparsable = next(letter for letter in await _dead_letters(stack) if letter["event_type"] is None)
    replay = await stack.running.call("inventory", "POST", f"/v1/admin/dead-letters/{unparsable['id']}/replay",
                                      "admin")
    assert replay.status_code == 409, replay.text

    opened = await stack.running.call("inventory", "PUT", f"/v1/warehouses/{MISSING_WAREHOUSE}", "inventory",
                                      json={"name": "Opens later", "country": "DE"})
    assert opened.status_code < 300
    await publish(stack.broker.bootstrap, stack.running.namespace, INSPECTED, "RMA-LATER", {},
                  raw=inspected("RMA-LATER", MISSING_WAREHOUSE), topic=topic_of(INSPECTED))

    async def corrected_inspection_applied() -> None:
        assert await _stock(stack) == GOOD_EVENTS + 1

    await eventually(corrected_inspection_applied, timeout=60)
    print(f"\npoison: {len(POISON)} dead-lettered among {GOOD_EVENTS} good events, 1 unknown type "
          f"ignored, 1 business refusal answered; the corrected inspection applied once")
