"""Inventory's events through the real broker: threshold crossings, campaign checks, returns."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.integration.inventory.conftest import SHOP, add_item, add_warehouse, move, receive, stock
from tests.support.events import EventProbe, eventually, publish

THRESHOLD_TYPES = {"inventory.stock.low.v1", "inventory.stock.depleted.v1", "inventory.stock.replenished.v1"}


async def test_threshold_events_fire_once_per_crossing_in_order(start_service, broker, namespace):
    inventory = await start_service("inventory")
    client = inventory.client
    async with EventProbe(broker.bootstrap, namespace, ["inventory.events"]) as events:
        await add_warehouse(client, "W1")
        await add_item(client, "TH", threshold=10)
        await receive(client, "TH", "W1", 20)  # first stock: from depleted to above the line
        for delta in (-8, -4, -3):  # 12 (above), 8 (low), 5 (still low)
            assert (await move(client, "TH", "W1", delta)).status_code == 201
        held = await client.post("/v1/reservations", headers=SHOP, json={
            "order_ref": "TH-1", "lines": [{"sku": "TH", "qty": 2}]})
        assert (await move(client, "TH", "W1", -3)).status_code == 201  # available 0: depleted
        await client.post(f"/v1/reservations/{held.json()['id']}/release", headers=SHOP)  # 2: still low
        await receive(client, "TH", "W1", 30)  # 32: replenished

        await events.wait_for("inventory.stock.replenished.v1", count=2)
        await events.wait_for("inventory.stock.changed.v1", count=6)
        crossings = [e for e in events.events if e.type in THRESHOLD_TYPES]
        assert [e.type.split(".")[2] for e in crossings] == ["replenished", "low", "depleted", "replenished"]
        assert crossings[1].data == {"sku": "TH", "total_available": 8, "threshold": 10}
        assert crossings[3].data == {"sku": "TH", "total_available": 32, "threshold": 10}
        changed = events.of_type("inventory.stock.changed.v1")
        assert [e.data["delta"] for e in changed] == [20, -8, -4, -3, -3, 30]
        assert changed[4].data == {
            "sku": "TH", "warehouse": "W1", "delta": -3, "reason": "shipment", "reference": None,
            "on_hand": 2, "reserved": 2, "available": 0, "total_available": 0,
        }
        assert all(e.subject == "TH" for e in crossings + changed)


def _launch(campaign_id: str, request_id: str, items: list[dict], days: int = 10) -> dict:
    starts = datetime.now(UTC) + timedelta(days=1)
    return {
        "campaign_id": campaign_id, "request_id": request_id, "name": f"Campaign {campaign_id}",
        "channels": ["email"], "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(days=days)).isoformat(), "uplift": 2.0, "items": items,
    }


async def test_launch_request_is_answered_with_a_stock_check_per_sku(start_service, broker, namespace):
    inventory = await start_service("inventory")
    client = inventory.client
    await add_warehouse(client, "W1")
    for sku, units, safety in (("GIVEN", 100, 0), ("EST", 100, 0), ("NOHIST", 10, 0),
                               ("SAFE", 100, 40), ("SHARED", 100, 0)):
        await add_item(client, sku, safety_stock=safety)
        await receive(client, sku, "W1", units)
    assert (await move(client, "EST", "W1", -28)).status_code == 201  # 1 shipped per day over 28 days

    async with EventProbe(broker.bootstrap, namespace, ["inventory.events"]) as events:
        first = _launch("C1", "R1", [
            {"sku": "GIVEN", "expected_units": 50}, {"sku": "EST"}, {"sku": "NOHIST"},
            {"sku": "GHOST", "expected_units": 5}, {"sku": "SAFE", "expected_units": 100},
            {"sku": "SHARED", "expected_units": 80},
        ])
        await publish(broker.bootstrap, namespace, "marketing.campaign.launch_requested.v1", "C1", first)
        answer = (await events.wait_for("inventory.campaign_check.completed.v1",
                                        lambda e: e.data["request_id"] == "R1"))[0]
        by_sku = {item["sku"]: item for item in answer.data["items"]}
        assert answer.subject == "C1"
        assert answer.data["overall"] == "insufficient"
        assert (by_sku["GIVEN"]["status"], by_sku["GIVEN"]["coverage"]) == ("ok", 2.0)
        assert (by_sku["EST"]["expected_units"], by_sku["EST"]["estimated"], by_sku["EST"]["status"]) == (
            20, True, "ok")
        assert by_sku["NOHIST"]["status"] == "unknown_demand"
        assert by_sku["GHOST"]["status"] == "unknown_sku"
        assert (by_sku["SAFE"]["coverage"], by_sku["SAFE"]["status"]) == (0.6, "at_risk")
        assert by_sku["SAFE"]["projected_stockout_at"] is not None
        assert (by_sku["SHARED"]["status"], by_sku["SHARED"]["competing_units"]) == ("ok", 0)
        stored = await client.get("/v1/campaign-checks/C1", headers=SHOP)
        assert stored.json()["request_id"] == "R1"
        assert stored.json()["items"] == answer.data["items"]

        await publish(broker.bootstrap, namespace, "marketing.campaign.launch_requested.v1", "C2",
                      _launch("C2", "R2", [{"sku": "SHARED", "expected_units": 80}]))
        competing = (await events.wait_for("inventory.campaign_check.completed.v1",
                                           lambda e: e.data["request_id"] == "R2"))[0]
        shared = dict(competing.data["items"][0])
        assert shared.pop("projected_stockout_at") is not None  # 100 units last 6.25 of 10 days
        assert shared == {
            "sku": "SHARED", "expected_units": 80, "estimated": False, "available": 100,
            "safety_stock": 0, "competing_units": 80, "coverage": 0.625, "status": "at_risk",
        }
        assert competing.data["overall"] == "at_risk"

        await publish(broker.bootstrap, namespace, "marketing.campaign.cancelled.v1", "C1",
                      {"campaign_id": "C1", "skus": ["SHARED"]})
        await eventually(lambda: _assert_campaign_status(inventory, "C1", "cancelled"))
        await publish(broker.bootstrap, namespace, "marketing.campaign.launch_requested.v1", "C2",
                      _launch("C2", "R3", [{"sku": "SHARED", "expected_units": 80}]))
        alone = (await events.wait_for("inventory.campaign_check.completed.v1",
                                       lambda e: e.data["request_id"] == "R3"))[0]
        assert (alone.data["overall"], alone.data["items"][0]["competing_units"]) == ("ok", 0)
    assert (await client.get("/v1/campaign-checks/NONE", headers=SHOP)).status_code == 404


async def _assert_campaign_status(inventory, campaign_id: str, status: str) -> None:
    from services.inventory.tables import campaigns

    async with inventory.backbone.engine.connect() as connection:
        found = (await connection.execute(
            select(campaigns.c.status).where(campaigns.c.campaign_id == campaign_id))).scalar_one_or_none()
    assert found == status


async def test_inspected_return_delivered_twice_restocks_once(start_service, broker, namespace):
    inventory = await start_service("inventory")
    client = inventory.client
    await add_warehouse(client, "W1")
    await add_item(client, "RET")
    await receive(client, "RET", "W1", 5)
    return_id = str(uuid.uuid4())
    inspected = {"return_id": return_id, "warehouse": "W1", "lines": [
        {"sku": "RET", "qty": 3, "disposition": "resellable"},
        {"sku": "RET", "qty": 1, "disposition": "damaged"},
    ]}
    async with EventProbe(broker.bootstrap, namespace, ["inventory.events"]) as events:
        deliveries = [
            await publish(broker.bootstrap, namespace, "support.return.inspected.v1", return_id, inspected)
            for _ in range(2)
        ]
        await eventually(lambda: _assert_consumed(inventory, [e.id for e in deliveries]))
        processed = await events.wait_for("inventory.return.processed.v1")
        assert processed[0].data == {"return_id": return_id, "warehouse": "W1", "lines": [
            {"sku": "RET", "qty": 3, "disposition": "restocked"},
            {"sku": "RET", "qty": 1, "disposition": "written_off"},
        ]}
        restocks = await events.wait_for(
            "inventory.stock.changed.v1", lambda e: e.data["reason"] == "return_restock"
        )
        assert restocks[0].data["reference"] == return_id
        await eventually(lambda: _assert_outbox_drained(inventory))
    assert (await stock(client, "RET"))["on_hand"] == 8
    assert len(events.of_type("inventory.return.processed.v1")) == 1
    ledger = (await client.get("/v1/items/RET/movements", headers=SHOP)).json()["items"]
    assert [(m["reason"], m["delta"]) for m in ledger] == [("return_restock", 3), ("receipt", 5)]


async def _assert_outbox_drained(inventory) -> None:
    outbox = inventory.backbone.tables.outbox
    async with inventory.backbone.engine.connect() as connection:
        pending = (await connection.execute(select(outbox.c.id).where(outbox.c.sent_at.is_(None)))).all()
    assert pending == []


async def _assert_consumed(inventory, event_ids: list[str]) -> None:
    inbox = inventory.backbone.tables.inbox
    async with inventory.backbone.engine.connect() as connection:
        seen = (await connection.execute(
            select(inbox.c.event_id).where(inbox.c.event_id.in_(event_ids))
        )).all()
    assert len(seen) == len(event_ids)
