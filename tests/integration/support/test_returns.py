"""Returns (RMA) through HTTP and the real broker, with inventory's events injected."""

import asyncio

from sqlalchemy import select

from shared.events import topic_of
from tests.support.apps import auth
from tests.support.events import EventProbe, eventually, publish
from tests.support.returns import once_known

SUPPORT_EVENTS = topic_of("support.return.inspected.v1")
CUSTOMER = "CUST-PRIVATE-7731"


async def announce(broker, namespace, skus=(), warehouses=()) -> None:
    """Inventory's events that make support know warehouses and SKUs."""
    for code in warehouses:
        await publish(broker.bootstrap, namespace, "inventory.warehouse.changed.v1", code,
                      {"code": code, "name": f"Warehouse {code}", "country": "DE"})
    for sku in skus:
        await publish(broker.bootstrap, namespace, "inventory.stock.changed.v1", sku, {
            "sku": sku, "warehouse": "BER-1", "delta": 5, "reason": "receipt", "on_hand": 5, "reserved": 0,
            "available": 5, "total_available": 5})


async def request_known(client, body, role="storefront"):
    """POST the return once support has learned its SKUs."""
    return await once_known(lambda: client.post("/v1/returns", headers=auth(role), json=body))


async def test_full_return_is_inspected_published_and_closed_by_inventorys_answer(
    start_service, broker, namespace
):
    async with EventProbe(broker.bootstrap, namespace, [SUPPORT_EVENTS]) as probe:
        support = await start_service("support")
        client = support.client
        await announce(broker, namespace, ["SKU-RET", "SKU-OTHER"], ["BER-1"])
        created = await request_known(client, {
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
        received = await once_known(lambda: client.post(
            f"/v1/returns/{return_id}/receive", headers=auth("support"), json={"warehouse": "BER-1"}))
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


async def test_unknown_skus_and_warehouses_are_refused_naming_the_known_ones_and_change_nothing(
    start_service, broker, namespace
):
    support = await start_service("support")
    client = support.client
    known = [f"SKU-K{n:02}" for n in range(25)]
    await announce(broker, namespace, known, ["BER-1", "HAM-2"])
    body = {"order_ref": "ORD-2001", "customer_ref": CUSTOMER,
            "lines": [{"sku": known[-1], "qty": 1, "reason": "damaged"}]}
    created = await request_known(client, body)
    assert created.status_code == 201, created.text

    refused = await client.post("/v1/returns", headers=auth("storefront"), json={
        "order_ref": "ORD-2002", "customer_ref": CUSTOMER,
        "lines": [{"sku": "SKU-K00", "qty": 1, "reason": "damaged"},
                  {"sku": "SKU-NEVER", "qty": 1, "reason": "damaged"}]})
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert problem["unknown_skus"] == ["SKU-NEVER"]
    assert problem["known_skus"] == known[:20] and problem["known_sku_count"] == 25
    assert "SKU-NEVER" in problem["detail"] and "SKU-K19 and 5 more" in problem["detail"]
    assert [e["field"] for e in problem["errors"]] == ["body.lines.1.sku"]
    listing = await client.get("/v1/returns", headers=auth("support"))
    assert [r["order_ref"] for r in listing.json()["items"]] == ["ORD-2001"]

    return_id = created.json()["id"]
    await client.post(f"/v1/returns/{return_id}/approve", headers=auth("support"))
    await once_known(lambda: client.post(f"/v1/returns/{return_id}/receive", headers=auth("support"),
                                         json={"warehouse": "HAM-2"}))
    # Both warehouses are known now; a third one is not.
    again = await client.post("/v1/returns", headers=auth("storefront"), json={
        "order_ref": "ORD-2003", "customer_ref": CUSTOMER,
        "lines": [{"sku": "SKU-K01", "qty": 1, "reason": "other"}]})
    other_id = again.json()["id"]
    await client.post(f"/v1/returns/{other_id}/approve", headers=auth("support"))
    unknown = await client.post(f"/v1/returns/{other_id}/receive", headers=auth("support"),
                                json={"warehouse": "XYZ-9"})
    assert unknown.status_code == 422, unknown.text
    assert unknown.json()["unknown_warehouse"] == "XYZ-9"
    assert unknown.json()["known_warehouses"] == ["BER-1", "HAM-2"]
    assert "Known warehouses: BER-1, HAM-2." in unknown.json()["detail"]
    current = await client.get(f"/v1/returns/{other_id}", headers=auth("support"))
    assert (current.json()["status"], current.json()["warehouse"]) == ("approved", None)


async def test_a_refused_inspection_needs_attention_and_can_be_received_and_inspected_again(
    start_service, broker, namespace
):
    async with EventProbe(broker.bootstrap, namespace, [SUPPORT_EVENTS]) as probe:
        support = await start_service("support")
        client = support.client
        await announce(broker, namespace, ["SKU-FIX"], ["BER-1", "MUC-3"])
        created = await request_known(client, {"order_ref": "ORD-3001", "customer_ref": CUSTOMER,
                                               "lines": [{"sku": "SKU-FIX", "qty": 2, "reason": "other"}]})
        return_id = created.json()["id"]
        await client.post(f"/v1/returns/{return_id}/approve", headers=auth("support"))
        await once_known(lambda: client.post(f"/v1/returns/{return_id}/receive", headers=auth("support"),
                                             json={"warehouse": "BER-1"}))
        inspection = {"lines": [{"sku": "SKU-FIX", "qty": 2, "disposition": "resellable"}]}
        await client.post(f"/v1/returns/{return_id}/inspect", headers=auth("support"), json=inspection)
        reasons = ["warehouse BER-1 is unknown to inventory"]
        await publish(broker.bootstrap, namespace, "inventory.return.refused.v1", return_id,
                      {"return_id": return_id, "reasons": reasons})

        async def flagged() -> None:
            current = (await client.get(f"/v1/returns/{return_id}", headers=auth("support"))).json()
            assert (current["status"], current["attention_reasons"]) == ("needs_attention", reasons)

        await eventually(flagged)
        listed = await client.get("/v1/returns?status=needs_attention", headers=auth("support"))
        assert [r["id"] for r in listed.json()["items"]] == [return_id]
        restock = await client.post(f"/v1/returns/{return_id}/approve", headers=auth("support"))
        assert (restock.status_code, restock.json()["current_status"]) == (409, "needs_attention")

        received = await once_known(lambda: client.post(
            f"/v1/returns/{return_id}/receive", headers=auth("support"), json={"warehouse": "MUC-3"}))
        assert (received.json()["status"], received.json()["warehouse"]) == ("received", "MUC-3")
        inspected = await client.post(f"/v1/returns/{return_id}/inspect", headers=auth("support"),
                                      json=inspection)
        assert inspected.json()["status"] == "inspected", inspected.text
        assert inspected.json()["attention_reasons"] == []
        sent = await probe.wait_for("support.return.inspected.v1", lambda e: e.subject == return_id, count=2)
        assert [e.data["warehouse"] for e in sent] == ["BER-1", "MUC-3"]
        await publish(broker.bootstrap, namespace, "inventory.return.processed.v1", return_id, {
            "return_id": return_id, "warehouse": "MUC-3",
            "lines": [{"sku": "SKU-FIX", "qty": 2, "disposition": "restocked"}]})

        async def restocked() -> None:
            current = (await client.get(f"/v1/returns/{return_id}", headers=auth("support"))).json()
            assert current["status"] == "restocked"

        await eventually(restocked)
        # A late refusal of an inspection that was superseded and processed changes nothing.
        late = await publish(broker.bootstrap, namespace, "inventory.return.refused.v1", return_id,
                             {"return_id": return_id, "reasons": reasons})

        async def consumed() -> None:
            inbox = support.backbone.tables.inbox
            async with support.backbone.engine.connect() as connection:
                assert late.id in set((await connection.execute(select(inbox.c.event_id))).scalars())

        await eventually(consumed)
        await restocked()
        letters = await client.get("/v1/admin/dead-letters", headers=auth("admin"))
        assert letters.json()["items"] == []


async def test_return_lines_carry_comments_and_one_order_and_sku_has_one_open_return(
    start_service, broker, namespace
):
    async with EventProbe(broker.bootstrap, namespace, [SUPPORT_EVENTS]) as probe:
        support = await start_service("support")
        client = support.client
        await announce(broker, namespace, ["SKU-MUG", "SKU-CUP"])
        line = {"sku": "SKU-MUG", "qty": 1, "reason": "not_as_described", "comment": "Smaller than shown."}
        first = await request_known(client, {"order_ref": "ORD-4001", "customer_ref": CUSTOMER,
                                             "lines": [line]})
        assert first.status_code == 201, first.text
        first_id = first.json()["id"]
        assert first.json()["lines"][0]["comment"] == "Smaller than shown."
        [requested] = await probe.wait_for("support.return.requested.v1", lambda e: e.subject == first_id)
        assert requested.data["lines"][0]["comment"] == "Smaller than shown."

        for comment in ("   ", "x" * 501, "nul \x00"):
            bad = await client.post("/v1/returns", headers=auth("storefront"), json={
                "order_ref": "ORD-4002", "customer_ref": CUSTOMER, "lines": [{**line, "comment": comment}]})
            assert bad.status_code == 422, (comment, bad.text)

        second = await client.post("/v1/returns", headers=auth("storefront"), json={
            "order_ref": "ORD-4001", "customer_ref": CUSTOMER,
            "lines": [{"sku": "SKU-CUP", "qty": 1, "reason": "other"}, {**line, "comment": None}]})
        assert second.status_code == 409, second.text
        assert second.json()["existing_return_id"] == first_id
        assert second.json()["current_status"] == "requested"
        assert first_id in second.json()["detail"]
        other_order = await client.post("/v1/returns", headers=auth("storefront"), json={
            "order_ref": "ORD-4009", "customer_ref": CUSTOMER, "lines": [line]})
        assert other_order.status_code == 201
        listing = await client.get("/v1/returns", headers=auth("support"))
        assert sorted(r["order_ref"] for r in listing.json()["items"]) == ["ORD-4001", "ORD-4009"]

        await client.post(f"/v1/returns/{first_id}/reject", headers=auth("support"), json={"reason": "Late."})
        racing = await asyncio.gather(*(client.post("/v1/returns", headers=auth("storefront"), json={
            "order_ref": "ORD-4001", "customer_ref": CUSTOMER, "lines": [line]}) for _ in range(4)))
        assert sorted(r.status_code for r in racing) == [201, 409, 409, 409], [r.text for r in racing]
        [winner] = [r.json()["id"] for r in racing if r.status_code == 201]
        assert {r.json()["existing_return_id"] for r in racing if r.status_code == 409} == {winner}
