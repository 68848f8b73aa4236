"""An inspection inventory cannot apply is refused, never dead-lettered; a corrected one applies."""

import asyncio

from tests.integration.inventory.conftest import add_item, add_warehouse, stock
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
