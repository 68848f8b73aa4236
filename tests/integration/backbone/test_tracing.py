"""W3C trace context end to end (SPEC 15): request -> outbox -> Kafka header and CloudEvents
attribute -> the consumer's handler -> the events it emits."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from shared.events import topic_of
from tests.integration.backbone.probe_service import SUBSCRIBED
from tests.support.apps import auth
from tests.support.events import EventProbe, publish

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
INCOMING = f"00-{TRACE_ID}-00f067aa0ba902b7-01"


async def test_a_request_trace_travels_in_the_outbox_the_kafka_header_and_the_event(
    probe, broker, namespace
):
    async with EventProbe(broker.bootstrap, namespace, [topic_of(SUBSCRIBED)]) as events:
        response = await probe.client.post(
            "/v1/things", json={"name": "traced", "quantity": 1},
            headers={**auth("inventory"), "traceparent": INCOMING},
        )
        assert response.status_code == 201
        [event] = await events.wait_for(SUBSCRIBED, lambda e: e.subject == "traced")
        assert event.traceparent is not None and event.traceparent.split("-")[1] == TRACE_ID
        assert events.headers[event.id]["traceparent"].decode() == event.traceparent
    outbox = probe.backbone.tables.outbox
    async with probe.backbone.uow(read_only=True) as uow:
        stored = (await uow.execute(select(outbox.c.traceparent))).scalar_one()
    assert stored == event.traceparent


async def test_a_request_without_trace_context_starts_a_new_trace(probe, broker, namespace):
    async with EventProbe(broker.bootstrap, namespace, [topic_of(SUBSCRIBED)]) as events:
        await probe.client.post("/v1/things", json={"name": "untraced", "quantity": 1},
                                headers=auth("inventory"))
        [event] = await events.wait_for(SUBSCRIBED, lambda e: e.subject == "untraced")
    assert event.traceparent is not None
    trace_id = event.traceparent.split("-")[1]
    assert len(trace_id) == 32 and trace_id != "0" * 32 and trace_id != TRACE_ID


async def test_a_handler_continues_the_trace_of_the_event_it_handles(start_service, broker, namespace):
    await start_service("inventory")
    campaign_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    async with EventProbe(broker.bootstrap, namespace, ["inventory.events"]) as events:
        request = await publish(broker.bootstrap, namespace, "marketing.campaign.launch_requested.v1",
                                campaign_id, {
            "campaign_id": campaign_id, "request_id": str(uuid.uuid4()), "name": "Traced",
            "channels": ["email"], "starts_at": (now + timedelta(days=1)).isoformat(),
            "ends_at": (now + timedelta(days=2)).isoformat(), "uplift": 2.0,
            "items": [{"sku": "TRACED-1", "expected_units": 5}],
        }, traceparent=INCOMING)
        [answer] = await events.wait_for("inventory.campaign_check.completed.v1",
                                         lambda e: e.subject == campaign_id)
    assert answer.traceparent is not None
    assert answer.traceparent.split("-")[1] == TRACE_ID, "the answer left the launch request's trace"
    assert answer.causationid == request.id
    assert events.headers[answer.id]["traceparent"].decode() == answer.traceparent
