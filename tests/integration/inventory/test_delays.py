"""Delay detection: the sweep flags each reason once, and what resolves it clears it."""

import asyncio
from datetime import UTC, datetime, timedelta

from tests.integration.inventory.conftest import KEEPER, add_item, add_warehouse, receive
from tests.integration.inventory.fulfilment_steps import (
    act,
    fulfilment,
    open_fulfilment,
    reserve,
    scan,
    ship_order,
    soon,
)
from tests.support.events import EventProbe, eventually

DELAYED, CLEARED = "inventory.fulfilment.delayed.v1", "inventory.fulfilment.delay_cleared.v1"


def _of(events, event_type: str, order_ref: str) -> list:
    return [e for e in events.of_type(event_type) if e.subject == order_ref]


async def test_an_order_not_shipped_by_ship_by_is_delayed_once_and_shipping_clears_it(
    start_service, broker, namespace,
):
    inventory = await start_service("inventory", delay_sweep_seconds=0.1)
    client = inventory.client
    await add_warehouse(client, "W1")
    await add_item(client, "D-1")
    await receive(client, "D-1", "W1", 10)
    async with EventProbe(broker.bootstrap, namespace, ["inventory.events"]) as events:
        reservation = await reserve(client, "ORD-LATE", [("D-1", 1)])
        created = await open_fulfilment(client, "ORD-LATE", reservation["id"], ship_by=soon(0.5))
        fulfilment_id = created.json()["id"]
        on_time = await reserve(client, "ORD-ONTIME", [("D-1", 1)])
        await open_fulfilment(client, "ORD-ONTIME", on_time["id"])

        [delayed] = await events.wait_for(DELAYED, lambda e: e.subject == "ORD-LATE")
        assert delayed.data["reason"] == "not_shipped_in_time"
        assert (delayed.data["fulfilment_id"], delayed.data["warehouse"]) == (fulfilment_id, "W1")
        found = await fulfilment(client, fulfilment_id)
        assert (found["delayed"], found["delay_reasons"]) == (True, ["not_shipped_in_time"])
        listed = await client.get("/v1/fulfilments?delayed=true", headers=KEEPER)
        assert [item["order_ref"] for item in listed.json()["items"]] == ["ORD-LATE"]
        await asyncio.sleep(0.5)  # several more sweeps
        assert len(_of(events, DELAYED, "ORD-LATE")) == 1

        await act(client, fulfilment_id, "pick")
        await act(client, fulfilment_id, "pack", packages=1)
        await act(client, fulfilment_id, "ship", carrier="DHL", tracking_number="T-LATE")
        [cleared] = await events.wait_for(CLEARED, lambda e: e.subject == "ORD-LATE")
        assert cleared.data == {"fulfilment_id": fulfilment_id, "order_ref": "ORD-LATE",
                                "reason": "not_shipped_in_time"}
        assert (await fulfilment(client, fulfilment_id))["delayed"] is False
        not_delayed = await client.get("/v1/fulfilments?delayed=false", headers=KEEPER)
        assert {item["order_ref"] for item in not_delayed.json()["items"]} == {"ORD-LATE", "ORD-ONTIME"}
        assert _of(events, DELAYED, "ORD-ONTIME") == []


async def test_stalled_parcels_late_deliveries_and_exceptions_are_delayed_until_resolved(
    start_service, broker, namespace,
):
    inventory = await start_service("inventory", delay_sweep_seconds=0.1, stalled_scan_hours=0.5 / 3600)
    client = inventory.client
    await add_warehouse(client, "W1")
    await add_item(client, "D-2")
    await receive(client, "D-2", "W1", 10)
    async with EventProbe(broker.bootstrap, namespace, ["inventory.events"]) as events:
        stalled = await ship_order(client, "D-2", "ORD-STALL", "T-STALL")
        [first] = await events.wait_for(DELAYED, lambda e: e.subject == "ORD-STALL")
        assert (first.data["reason"], first.data["carrier"]) == ("no_carrier_scan", "DHL")
        await scan(client, "T-STALL", "s1", "in_transit", datetime.now(UTC))
        [cleared] = await events.wait_for(CLEARED, lambda e: e.subject == "ORD-STALL")
        assert cleared.data["reason"] == "no_carrier_scan"
        await events.wait_for(DELAYED, lambda e: e.subject == "ORD-STALL", count=2)  # silent again
        await act(client, stalled["id"], "deliver")
        await events.wait_for(CLEARED, lambda e: e.subject == "ORD-STALL", count=2)

        late = await ship_order(client, "D-2", "ORD-SLOW", "T-SLOW", ship_by=soon(0.4), deliver_by=soon(0.5))
        await scan(client, "T-SLOW", "s2", "exception", datetime.now(UTC) + timedelta(hours=1))

        async def late_and_exception() -> None:
            reasons = {e.data["reason"] for e in _of(events, DELAYED, "ORD-SLOW")}
            assert {"late_delivery", "carrier_exception"} <= reasons

        await eventually(late_and_exception)
        assert (await fulfilment(client, late["id"]))["status"] == "exception"
        await scan(client, "T-SLOW", "s3", "in_transit", datetime.now(UTC) + timedelta(hours=2))
        await events.wait_for(CLEARED, lambda e: e.subject == "ORD-SLOW"
                              and e.data["reason"] == "carrier_exception")
        found = await fulfilment(client, late["id"])
        assert "late_delivery" in found["delay_reasons"] and "carrier_exception" not in found["delay_reasons"]
        await scan(client, "T-SLOW", "s4", "delivered", datetime.now(UTC) + timedelta(hours=3))
        await events.wait_for(CLEARED, lambda e: e.subject == "ORD-SLOW" and e.data["reason"] == "late_delivery")
        assert (await fulfilment(client, late["id"]))["delay_reasons"] == []

        manual = await ship_order(client, "D-2", "ORD-LOST", "T-LOST")
        lost = await act(client, manual["id"], "exception", kind="lost", detail="Not found at the hub")
        assert (lost.json()["status"], lost.json()["exception_kind"]) == ("exception", "lost")
        assert "carrier_exception" in lost.json()["delay_reasons"]
        older = await scan(client, "T-LOST", "s5", "in_transit", datetime.now(UTC) - timedelta(hours=1))
        assert older.json()["fulfilment"]["status"] == "exception"  # older than the exception recorded
        reasons = [e.data["reason"] for e in _of(events, DELAYED, "ORD-SLOW")]
        assert len(reasons) == len(set(reasons))
