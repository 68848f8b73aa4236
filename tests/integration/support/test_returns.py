"""Returns (RMA) through HTTP and the real broker, with inventory's answer injected."""

from shared.events import topic_of
from tests.support.apps import auth
from tests.support.events import EventProbe, eventually, publish

SUPPORT_EVENTS = topic_of("support.return.inspected.v1")
CUSTOMER = "CUST-PRIVATE-7731"


async def test_full_return_is_inspected_published_and_closed_by_inventorys_answer(
    start_service, broker, namespace
):
    async with EventProbe(broker.bootstrap, namespace, [SUPPORT_EVENTS]) as probe:
        support = await start_service("support")
        client = support.client
        created = await client.post("/v1/returns", headers=auth("storefront"), json={
            "order_ref": "ORD-1001", "customer_ref": CUSTOMER,
            "lines": [{"sku": "SKU-RET", "qty": 3, "reason": "not_as_described"},
                      {"sku": "SKU-OTHER", "qty": 1, "reason": "changed_mind"}],
        })
        assert created.status_code == 201, created.text
        return_id = created.json()["id"]
        assert created.json()["status"] == "requested"

        premature = await client.post(f"/v1/returns/{return_id}/receive", headers=auth("support"),
                                      json={"warehouse": "BER-1"})
        assert premature.status_code == 409
        assert "is requested" in premature.json()["detail"]
        assert premature.json()["current_status"] == "requested"
        storefront_approval = await client.post(f"/v1/returns/{return_id}/approve",
                                                headers=auth("storefront"))
        assert storefront_approval.status_code == 403

        approved = await client.post(f"/v1/returns/{return_id}/approve", headers=auth("support"))
        assert approved.json()["status"] == "approved"
        received = await client.post(f"/v1/returns/{return_id}/receive", headers=auth("support"),
                                     json={"warehouse": "BER-1"})
        assert received.json()["status"] == "received"
        too_many = await client.post(f"/v1/returns/{return_id}/inspect", headers=auth("support"), json={
            "lines": [{"sku": "SKU-RET", "qty": 3, "disposition": "resellable"},
                      {"sku": "SKU-RET", "qty": 1, "disposition": "damaged"}],
        })
        assert too_many.status_code == 409
        assert "only 3 were requested" in too_many.json()["detail"]
        inspected = await client.post(f"/v1/returns/{return_id}/inspect", headers=auth("support"), json={
            "lines": [{"sku": "SKU-RET", "qty": 2, "disposition": "resellable"},
                      {"sku": "SKU-RET", "qty": 1, "disposition": "damaged"}],
        })
        assert inspected.status_code == 200, inspected.text
        assert inspected.json()["status"] == "inspected"

        [event] = await probe.wait_for("support.return.inspected.v1", lambda e: e.subject == return_id)
        assert event.data == {"return_id": return_id, "warehouse": "BER-1", "lines": [
            {"sku": "SKU-RET", "qty": 2, "disposition": "resellable"},
            {"sku": "SKU-RET", "qty": 1, "disposition": "damaged"},
        ]}
        await probe.wait_for("support.return.requested.v1", lambda e: e.subject == return_id)

        processed = {"return_id": return_id, "warehouse": "BER-1", "lines": [
            {"sku": "SKU-RET", "qty": 2, "disposition": "restocked"},
            {"sku": "SKU-RET", "qty": 1, "disposition": "written_off"},
        ]}
        await publish(broker.bootstrap, namespace, "inventory.return.processed.v1", return_id, processed)

        async def restocked() -> None:
            current = await client.get(f"/v1/returns/{return_id}", headers=auth("storefront"))
            assert current.json()["status"] == "restocked"

        await eventually(restocked)
        # The same answer again (a redelivery with a new id) changes nothing and fails nothing.
        await publish(broker.bootstrap, namespace, "inventory.return.processed.v1", return_id, processed)
        listing = await client.get("/v1/returns?status=restocked", headers=auth("support"))
        [line_other, line_ret] = listing.json()["items"][0]["lines"]
        assert (line_other["sku"], line_other["resellable_qty"], line_other["restocked_qty"]) == (
            "SKU-OTHER", 0, 0)
        assert (line_ret["qty"], line_ret["resellable_qty"], line_ret["damaged_qty"]) == (3, 2, 1)
        assert (line_ret["restocked_qty"], line_ret["written_off_qty"]) == (2, 1)

        for role in ("storefront", "marketing", "inventory", "content"):
            refused = await client.get("/v1/returns", headers=auth(role))
            assert refused.status_code == 403, role
        for role in ("marketing", "inventory", "content"):
            refused = await client.get(f"/v1/returns/{return_id}", headers=auth(role))
            assert refused.status_code == 403, role

        unwanted = await client.post("/v1/returns", headers=auth("storefront"), json={
            "order_ref": "ORD-1002", "customer_ref": CUSTOMER,
            "lines": [{"sku": "SKU-RET", "qty": 1, "reason": "changed_mind"}],
        })
        unwanted_id = unwanted.json()["id"]
        rejected = await client.post(f"/v1/returns/{unwanted_id}/reject", headers=auth("support"),
                                     json={"reason": "Bought more than 30 days ago."})
        assert (rejected.json()["status"], rejected.json()["rejection_reason"]) == (
            "rejected", "Bought more than 30 days ago.")
        late_approval = await client.post(f"/v1/returns/{unwanted_id}/approve", headers=auth("support"))
        assert late_approval.status_code == 409
        assert "The return is rejected" in late_approval.json()["detail"]
        assert late_approval.json()["current_status"] == "rejected"
        rejected_list = await client.get("/v1/returns?status=rejected", headers=auth("admin"))
        assert [r["id"] for r in rejected_list.json()["items"]] == [unwanted_id]
        assert all(CUSTOMER.encode() not in value for _, _, value in probe.raw)
        assert probe.raw, "the probe saw no support events"

        async def no_dead_letters() -> None:
            letters = await client.get("/v1/admin/dead-letters", headers=auth("admin"))
            assert letters.json()["items"] == []

        await eventually(no_dead_letters)
