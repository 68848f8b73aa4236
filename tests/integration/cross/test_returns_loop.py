"""Support and inventory, each its own app, close a return through the real broker."""

from sqlalchemy import select

from shared.events import topic_of
from tests.support.apps import auth
from tests.support.events import EventProbe, eventually, publish
from tests.support.returns import once_known


async def test_inspected_return_restocks_exactly_the_resellable_units_once(start_service, broker, namespace):
    inventory = await start_service("inventory")
    support = await start_service("support")
    stock_api, support_api = inventory.client, support.client
    await stock_api.put("/v1/warehouses/BER-1", json={"name": "Berlin", "country": "DE"},
                        headers=auth("inventory"))
    await stock_api.put("/v1/items/SKU-RET", json={"name": "Kettle"}, headers=auth("inventory"))
    receipt = await stock_api.post("/v1/stock/movements", headers=auth("inventory"), json={
        "sku": "SKU-RET", "warehouse": "BER-1", "delta": 10, "reason": "receipt"})
    assert receipt.status_code == 201, receipt.text

    async with EventProbe(broker.bootstrap, namespace, [topic_of("inventory.return.processed.v1"),
                                                        topic_of("support.return.inspected.v1")]) as probe:
        # Support knows the SKU and the warehouse once inventory's events reached it.
        created = await once_known(lambda: support_api.post("/v1/returns", headers=auth("storefront"), json={
            "order_ref": "ORD-77", "customer_ref": "C-1",
            "lines": [{"sku": "SKU-RET", "qty": 3, "reason": "damaged"}]}))
        assert created.status_code == 201, created.text
        return_id = created.json()["id"]
        for step, body in (("approve", None), ("receive", {"warehouse": "BER-1"}), ("inspect", {"lines": [
                {"sku": "SKU-RET", "qty": 2, "disposition": "resellable"},
                {"sku": "SKU-RET", "qty": 1, "disposition": "damaged"}]})):
            answer = await once_known(lambda step=step, body=body: support_api.post(
                f"/v1/returns/{return_id}/{step}", json=body, headers=auth("support")))
            assert answer.status_code == 200, answer.text

        async def restocked():
            current = (await support_api.get(f"/v1/returns/{return_id}", headers=auth("storefront"))).json()
            assert current["status"] == "restocked"

        await eventually(restocked, timeout=30)
        stock = (await stock_api.get("/v1/stock/SKU-RET", headers=auth("storefront"))).json()
        assert stock["on_hand"] == 12

        [inspected] = probe.of_type("support.return.inspected.v1")
        await publish(broker.bootstrap, namespace, inspected.type, inspected.subject, {}, envelope=inspected)
        replay = inspected.model_copy(update={"id": "replayed-" + inspected.id})
        await publish(broker.bootstrap, namespace, replay.type, replay.subject, {}, envelope=replay)

        async def both_replays_consumed():
            inbox = inventory.backbone.tables.inbox
            async with inventory.backbone.engine.connect() as connection:
                ids = set((await connection.execute(select(inbox.c.event_id))).scalars())
            assert replay.id in ids

        await eventually(both_replays_consumed)
        stock = (await stock_api.get("/v1/stock/SKU-RET", headers=auth("storefront"))).json()
        assert stock["on_hand"] == 12
        assert len(probe.of_type("inventory.return.processed.v1")) == 1
        movements = (await stock_api.get("/v1/items/SKU-RET/movements", headers=auth("inventory"))).json()
        restocks = [m for m in movements["items"] if m["reason"] == "return_restock"]
        assert [(m["delta"], m["reference"]) for m in restocks] == [(2, return_id)]
