"""An inspection inventory cannot apply is refused, never dead-lettered; a corrected one applies."""

import asyncio

from tests.integration.inventory.conftest import add_item, add_warehouse, receive, stock
from tests.support.apps import auth
from tests.support.events import EventProbe, publish

INSPECTED = "support.return.inspected.v1"


def _inspection(warehouse: str, sku: str) -> dict:
    return {"return_id": "RMA-9", "warehouse": warehouse,
            "lines": [{"sku": sku, "qty": 2, "disposition": "resellable"}]}


async def test_an_unknown_warehouse_or_sku_is_refused_and_a_corrected_inspection_still_applies(
    start_service, broker, namespace,
):
    inventory = await start_service("inventory")
    client = inventory.client
    await add_warehouse(client, "W1")
    await add_item(client, "R-1")
    async with EventProbe(broker.bootstrap, namespace, ["inventory.events"]) as events:
        wrong = await publish(broker.bootstrap, namespace, INSPECTED, "RMA-9", _inspection("NOPE-WH", "R-X"))
        [refused] = await events.wait_for("inventory.return.refused.v1")
        assert refused.subject == "RMA-9"
        assert refused.data == {"return_id": "RMA-9", "reasons": [
            "warehouse NOPE-WH is unknown to inventory", "SKU R-X is unknown to inventory"]}
        await publish(broker.bootstrap, namespace, INSPECTED, "RMA-9", {}, envelope=wrong)  # redelivered

        await publish(broker.bootstrap, namespace, INSPECTED, "RMA-9", _inspection("W1", "R-1"))
        [processed] = await events.wait_for("inventory.return.processed.v1")
        assert processed.data["lines"] == [{"sku": "R-1", "qty": 2, "disposition": "restocked"}]
        assert (await stock(client, "R-1"))["on_hand"] == 2
        await publish(broker.bootstrap, namespace, INSPECTED, "RMA-9", _inspection("W1", "R-1"))
        await asyncio.sleep(1)
        assert len(events.of_type("inventory.return.refused.v1")) == 1
        assert len(events.of_type("inventory.return.processed.v1")) == 1
    assert (await stock(client, "R-1"))["on_hand"] == 2
    letters = await client.get("/v1/admin/dead-letters", headers=auth("admin"))
    assert letters.json()["items"] == []


async def test_a_restock_the_stock_rules_refuse_is_an_answer_to_support_not_a_dead_letter(
    start_service, broker, namespace,
):
    inventory = await start_service("inventory")
    client = inventory.client
    await add_warehouse(client, "W1")
    await add_item(client, "R-FULL")
    await receive(client, "R-FULL", "W1", 5)
    too_many = 2**31 - 1  # with the 5 on hand, more than a stock level holds
    inspection = {"return_id": "RMA-9", "warehouse": "W1",
                  "lines": [{"sku": "R-FULL", "qty": too_many, "disposition": "resellable"}]}
    async with EventProbe(broker.bootstrap, namespace, ["inventory.events"]) as events:
        await publish(broker.bootstrap, namespace, INSPECTED, "RMA-9", inspection)
        [refused] = await events.wait_for("inventory.return.refused.v1")
        [reason] = refused.data["reasons"]
        assert f"restocking {too_many} units of R-FULL in W1 was refused" in reason, reason
        assert "cannot hold more" in reason, reason
        assert events.of_type("inventory.return.processed.v1") == []
    assert (await stock(client, "R-FULL"))["on_hand"] == 5
    letters = await client.get("/v1/admin/dead-letters", headers=auth("admin"))
    assert letters.json()["items"] == []
