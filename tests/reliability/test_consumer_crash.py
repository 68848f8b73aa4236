"""A consuming service is SIGKILLed in the middle of a backlog and started again: every event is
applied once (stock and ledger prove it), and its HTTP API answered while the backlog was worked."""

from __future__ import annotations

import asyncio
import uuid

from aiokafka import AIOKafkaProducer

from shared.events import topic_of
from shared.events.envelope import new_envelope
from shared.kafka import ensure_topics
from tests.reliability.conftest import FaultyStack
from tests.support.apps import service_settings
from tests.support.events import eventually
from tests.support.processes import start_service_process, wait_until_ready

BACKLOG = 300
SKU, WAREHOUSE = "SKU-CRASH", "WH-CRASH"
INSPECTED = "support.return.inspected.v1"


async def publish_inspected_returns(stack: FaultyStack, return_ids: list[str]) -> None:
    """What support would send: one resellable unit back into stock per return."""
    settings = service_settings("support", kafka_bootstrap_servers=stack.broker.bootstrap,
                                kafka_namespace=stack.running.namespace)
    await ensure_topics(settings, [topic_of(INSPECTED)])
    producer = AIOKafkaProducer(bootstrap_servers=stack.broker.bootstrap, acks="all")
    await producer.start()
    try:
        for return_id in return_ids:
            event = new_envelope(source="/support", type=INSPECTED, subject=return_id, data={
                "return_id": return_id, "warehouse": WAREHOUSE,
                "lines": [{"sku": SKU, "qty": 1, "disposition": "resellable"}]})
            await producer.send(settings.topic(topic_of(INSPECTED)), value=event.to_json(),
                                key=return_id.encode())
        await producer.flush()
    finally:
        await producer.stop()


async def _inbox_rows(stack: FaultyStack) -> int:
    [row] = await stack.query("inventory", "SELECT count(*) AS n FROM inbox WHERE event_type = $1", INSPECTED)
    return int(row["n"])


async def _processed(stack: FaultyStack, return_ids: list[str]) -> int:
    [row] = await stack.query("inventory", "SELECT count(*) AS n FROM processed_returns "
                              "WHERE return_id = ANY($1::text[])", return_ids)
    return int(row["n"])


async def test_killed_consumer_restarts_and_applies_every_event_exactly_once(
    faulty_stack: FaultyStack,
) -> None:
    stack = faulty_stack
    for method, path, body in (("PUT", f"/v1/warehouses/{WAREHOUSE}", {"name": "Crash", "country": "DE"}),
                               ("PUT", f"/v1/items/{SKU}", {"name": "Crash"})):
        assert (await stack.running.call("inventory", method, path, "inventory", json=body)).status_code < 300
    return_ids = [f"RMA-{uuid.uuid4()}" for _ in range(BACKLOG)]
    inbox_before = await _inbox_rows(stack)
    await publish_inspected_returns(stack, return_ids)

    answered_during_backlog = 0
    while (await _processed(stack, return_ids)) < BACKLOG // 10:
        response = await stack.running.call("inventory", "GET", f"/v1/stock/{SKU}", "storefront")
        assert response.status_code == 200, response.text
        answered_during_backlog += 1
    applied_before_kill = await _processed(stack, return_ids)
    assert applied_before_kill < BACKLOG, "the backlog was gone before the consumer could be killed"
    assert answered_during_backlog > 0

    inventory = stack.running.services["inventory"]
    assert inventory.process is not None
    inventory.process.kill()
    await asyncio.to_thread(inventory.process.wait)
    restarted = start_service_process(
        "inventory", stack.database_urls["inventory"], stack.broker.bootstrap, stack.running.namespace,
        inventory.log_path.parent, stack.extra_env)
    stack.running.services["inventory"] = restarted
    client = stack.running.clients.pop("inventory", None)
    if client is not None:
        await client.aclose()
    await wait_until_ready(restarted)

    async def all_applied() -> None:
        assert await _processed(stack, return_ids) == BACKLOG

    await eventually(all_applied, timeout=90)
    restocks = await stack.query(
        "inventory", "SELECT reference, count(*) AS n FROM movements WHERE reason = 'return_restock' "
        "AND sku = $1 GROUP BY reference", SKU)
    assert {row["reference"]: row["n"] for row in restocks} == dict.fromkeys(return_ids, 1)
    [stock] = await stack.query("inventory", "SELECT sum(on_hand) AS n FROM stock_levels WHERE sku = $1", SKU)
    assert stock["n"] == BACKLOG
    inbox_rows = await _inbox_rows(stack) - inbox_before
    assert inbox_rows == BACKLOG
    print(f"\nconsumer crash: killed after {applied_before_kill}/{BACKLOG} applied; after restart "
          f"{BACKLOG} applied once each, stock {stock['n']}, {inbox_rows} new inbox rows; "
          f"{answered_during_backlog} HTTP reads answered while the backlog was worked")
