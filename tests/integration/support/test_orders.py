"""The order view, "where is my order?" tickets and delay clusters, from inventory's fulfilment
events injected on the real broker as inventory would publish them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from services.support import tables
from shared.events import topic_of
from tests.support.apps import auth
from tests.support.events import EventProbe, eventually, publish

STATUS = "inventory.fulfilment.status_changed.v1"
DELAYED = "inventory.fulfilment.delayed.v1"
CLEARED = "inventory.fulfilment.delay_cleared.v1"
PUBLISHED = "support.advisory.published.v1"
SHIP_BY = datetime.now(UTC) + timedelta(days=1)
DELIVER_BY = datetime.now(UTC) + timedelta(days=3)


def status(order_ref: str, value: str, at: datetime, **changes: object) -> dict[str, object]:
    shipped = value not in ("awaiting_pick", "picked", "packed", "cancelled")
    data: dict[str, object] = {
        "fulfilment_id": f"f-{order_ref}", "order_ref": order_ref, "warehouse": "BER-1", "status": value,
        "carrier": "DHL" if shipped else None, "tracking_number": "TRK-77" if shipped else None,
        "tracking_url": "https://track.example/TRK-77" if shipped else None,
        "ship_by": SHIP_BY.isoformat(), "deliver_by": DELIVER_BY.isoformat(), "occurred_at": at.isoformat(),
    }
    data.update(changes)
    return data


def delayed(order_ref: str, reason: str, warehouse: str = "BER-1", carrier: str | None = "DHL",
            since: datetime | None = None) -> dict[str, object]:
    return {"fulfilment_id": f"f-{order_ref}", "order_ref": order_ref, "warehouse": warehouse,
            "carrier": carrier, "reason": reason, "since": (since or datetime.now(UTC)).isoformat()}


def cleared(order_ref: str, reason: str) -> dict[str, object]:
    return {"fulfilment_id": f"f-{order_ref}", "order_ref": order_ref, "reason": reason}


def ticket(order_ref: str | None, topic: str | None = "order_status", **changes: object) -> dict[str, object]:
    return {"customer_ref": "CUST-1", "channel": "chat", "subject": "Where is my parcel?",
            "body": "It has not arrived yet.", "topic": topic, "order_ref": order_ref, **changes}


async def test_the_order_view_merges_fulfilment_events_tickets_and_returns_in_time_order(
    start_service, broker, namespace
):
    support = await start_service("support")
    client = support.client
    order_ref = f"ORD-{uuid.uuid4().hex[:8]}"

    async def inject(event_type: str, data: dict[str, object], subject: str = order_ref) -> None:
        await publish(broker.bootstrap, namespace, event_type, subject, data)

    missing = await client.get(f"/v1/orders/{order_ref}", headers=auth("support"))
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    await inject(STATUS, status(order_ref, "awaiting_pick", datetime.now(UTC) - timedelta(hours=2)))
    opened = await client.post("/v1/tickets", headers=auth("storefront"), json=ticket(order_ref))
    assert opened.status_code == 201, opened.text
    shipped_at = datetime.now(UTC)
    await inject(STATUS, status(order_ref, "shipped", shipped_at))
    # Other teams announce the warehouse and the SKU, so a return of it is accepted wherever
    # support checks them.
    await inject("inventory.warehouse.changed.v1", {"code": "BER-1", "name": "Berlin", "country": "DE"},
                 "BER-1")
    await inject("inventory.stock.changed.v1", {
        "sku": "SKU-RED", "warehouse": "BER-1", "delta": 5, "reason": "receipt", "reference": None,
        "on_hand": 5, "reserved": 0, "available": 5, "total_available": 5}, "SKU-RED")

    async def shipped() -> None:
        view = await client.get(f"/v1/orders/{order_ref}", headers=auth("storefront"))
        assert view.json()["status"] == "shipped"

    await eventually(shipped)
    returned: dict[str, object] = {}

    async def return_requested() -> None:
        response = await client.post("/v1/returns", headers=auth("storefront"), json={
            "order_ref": order_ref, "customer_ref": "CUST-1",
            "lines": [{"sku": "SKU-RED", "qty": 1, "reason": "damaged"}]})
        assert response.status_code == 201, response.text
        returned.update(response.json())

    await eventually(return_requested)
    await inject(STATUS, status(order_ref, "delivered", datetime.now(UTC)))
    # A scan reported late, after the delivery: it joins the journey but does not undo the delivery.
    await inject(STATUS, status(order_ref, "in_transit", shipped_at + timedelta(seconds=1)))

    async def journey_complete() -> dict[str, object]:
        view = await client.get(f"/v1/orders/{order_ref}", headers=auth("support"))
        assert view.status_code == 200
        body = dict(view.json())
        assert len(body["journey"]) == 6
        return body

    await eventually(journey_complete)
    view = await journey_complete()
    assert (view["status"], view["warehouse"], view["carrier"]) == ("delivered", "BER-1", "DHL")
    assert (view["tracking_number"], view["tracking_url"]) == ("TRK-77", "https://track.example/TRK-77")
    assert (view["delayed"], view["delay_reasons"]) == (False, [])
    assert datetime.fromisoformat(view["deliver_by"]) == DELIVER_BY
    journey = view["journey"]
    assert [(s["source"], s["what"].split(" (")[0]) for s in journey] == [
        ("fulfilment", "Order accepted by warehouse BER-1, waiting to be picked"),
        ("ticket", "Ticket by chat: “Where is my parcel?”"),
        ("fulfilment", "Shipped from warehouse BER-1"),
        ("fulfilment", "In transit"),
        ("return", "Return requested: 1 x SKU-RED"),
        ("fulfilment", "Delivered"),
    ]
    times = [datetime.fromisoformat(s["at"]) for s in journey]
    assert times == sorted(times)
    assert returned["order_ref"] == order_ref

    for role in ("marketing", "inventory", "content"):
        assert (await client.get(f"/v1/orders/{order_ref}", headers=auth(role))).status_code == 403
    assert (await client.get(f"/v1/orders/{order_ref}")).status_code == 401
    assert (await client.get(f"/v1/orders/{order_ref}", headers=auth("admin"))).status_code == 200
    assert (await client.get("/v1/orders/bad%20ref!", headers=auth("support"))).status_code == 422
    letters = await client.get("/v1/admin/dead-letters", headers=auth("admin"))
    assert letters.json()["items"] == []


async def test_tickets_show_their_order_suggest_a_reply_on_time_and_rise_to_high_when_delayed(
    start_service, broker, namespace
):
    support = await start_service("support")
    client = support.client
    order_ref = f"ORD-{uuid.uuid4().hex[:8]}"
    await publish(broker.bootstrap, namespace, STATUS, order_ref,
                  status(order_ref, "in_transit", datetime.now(UTC)))

    async def order_known() -> None:
        assert (await client.get(f"/v1/orders/{order_ref}", headers=auth("support"))).status_code == 200

    await eventually(order_known)
    wismo = (await client.post("/v1/tickets", headers=auth("storefront"), json=ticket(order_ref))).json()
    assert wismo["order"]["status"] == "in_transit"
    assert (wismo["order"]["carrier"], wismo["order"]["delayed"], wismo["priority"]) == ("DHL", False, "normal")
    reply = wismo["suggested_reply"]
    assert order_ref in reply and "on its way" in reply and "DHL" in reply
    assert "https://track.example/TRK-77" in reply and "expected to arrive by" in reply
    other_topic = (await client.post("/v1/tickets", headers=auth("support"),
                                     json=ticket(order_ref, topic="Sizing"))).json()
    assert (other_topic["order"]["status"], other_topic["suggested_reply"]) == ("in_transit", None)
    closed = (await client.post("/v1/tickets", headers=auth("support"), json=ticket(order_ref))).json()
    await client.patch(f"/v1/tickets/{closed['id']}", headers=auth("support"), json={"status": "closed"})
    unknown = (await client.post("/v1/tickets", headers=auth("support"), json=ticket("ORD-NOBODY"))).json()
    without = (await client.post("/v1/tickets", headers=auth("support"), json=ticket(None))).json()
    assert [(t["order"], t["suggested_reply"]) for t in (unknown, without)] == [(None, None), (None, None)]

    await publish(broker.bootstrap, namespace, DELAYED, order_ref, delayed(order_ref, "no_carrier_scan"))

    async def raised() -> None:
        current = (await client.get(f"/v1/tickets/{wismo['id']}", headers=auth("storefront"))).json()
        assert current["priority"] == "high"
        assert (current["order"]["delayed"], current["order"]["delay_reasons"]) == (True, ["no_carrier_scan"])
        assert current["suggested_reply"] is None

    await eventually(raised)
    priorities = {t["id"]: t["priority"] for t in
                  (await client.get("/v1/tickets", headers=auth("support"))).json()["items"]}
    assert (priorities[other_topic["id"]], priorities[closed["id"]]) == ("normal", "normal")
    retopiced = await client.patch(f"/v1/tickets/{other_topic['id']}", headers=auth("support"),
                                   json={"topic": "order_status"})
    assert (retopiced.json()["priority"], retopiced.json()["order"]["delayed"]) == ("high", True)
    late_contact = await client.post("/v1/tickets", headers=auth("storefront"), json=ticket(order_ref))
    assert (late_contact.json()["priority"], late_contact.json()["suggested_reply"]) == ("high", None)
    listed = (await client.get("/v1/tickets?topic=order_status&status=open", headers=auth("support"))).json()
    assert {t["id"] for t in listed["items"]} == {wismo["id"], late_contact.json()["id"], unknown["id"],
                                                  without["id"], other_topic["id"]}
    assert all(t["order"]["delayed"] for t in listed["items"] if t["order_ref"] == order_ref)

    await publish(broker.bootstrap, namespace, CLEARED, order_ref, cleared(order_ref, "no_carrier_scan"))

    async def on_time_again() -> None:
        current = (await client.get(f"/v1/tickets/{wismo['id']}", headers=auth("support"))).json()
        assert current["order"]["delayed"] is False
        assert "on its way" in current["suggested_reply"]
        assert current["priority"] == "high"  # an agent lowers it, not the clock

    await eventually(on_time_again)


async def test_ten_delayed_orders_of_one_carrier_make_one_advisory_revised_escalated_and_ended(
    start_service, broker, namespace
):
    carrier = f"SLOW-{uuid.uuid4().hex[:6]}"
    orders = [f"ORD-{carrier}-{n}" for n in range(30)]
    async with EventProbe(broker.bootstrap, namespace, [topic_of(PUBLISHED)]) as probe:
        support = await start_service("support")
        client = support.client

        async def delay(numbers: range) -> None:
            for n in numbers:
                # Spread over four warehouses: no warehouse reaches the threshold on its own.
                await publish(broker.bootstrap, namespace, DELAYED, orders[n], delayed(
                    orders[n], "late_delivery", warehouse=f"WH-{n % 4}", carrier=carrier))

        async def advisories(active: bool) -> list[dict[str, object]]:
            response = await client.get(f"/v1/advisories?kind=delivery_delay&active={str(active).lower()}",
                                        headers=auth("support"))
            return [a for a in response.json()["items"] if carrier in a["title"]]

        async def shows(count: int, severity: str, contacts: int) -> dict[str, object]:
            [advisory] = await advisories(True)
            assert f"{count} orders delayed at carrier {carrier}" in str(advisory["title"])
            assert (advisory["severity"], advisory["expected_extra_contacts"]) == (severity, contacts)
            return advisory

        # A delay that began days ago is no part of a cluster of the last 24 hours.
        await publish(broker.bootstrap, namespace, DELAYED, "ORD-OLD", delayed(
            "ORD-OLD", "late_delivery", warehouse="WH-0", carrier=carrier,
            since=datetime.now(UTC) - timedelta(days=3)))
        await delay(range(9))

        async def nine_recent_and_one_old_recorded() -> None:
            assert (await support_delays(support, carrier)) == 10

        await eventually(nine_recent_and_one_old_recorded)
        assert await advisories(True) == []
        await delay(range(9, 10))
        await eventually(lambda: shows(10, "warning", 3))
        first = await shows(10, "warning", 3)
        assert first["revision"] == 1
        await delay(range(10, 11))
        await eventually(lambda: shows(11, "warning", 4))
        assert (await shows(11, "warning", 4))["revision"] == 2
        await delay(range(11, 30))
        await eventually(lambda: shows(30, "critical", 9))
        critical = await shows(30, "critical", 9)
        assert critical["id"] == first["id"]
        announced = await probe.wait_for(PUBLISHED, lambda e: e.subject == first["id"], count=2)
        assert [(e.data["kind"], e.data["severity"]) for e in announced] == [
            ("delivery_delay", "warning"), ("delivery_delay", "critical")]
        all_kinds = (await client.get("/v1/advisories?kind=delivery_delay", headers=auth("marketing"))).json()
        assert [a["title"] for a in all_kinds["items"]] == [critical["title"]]

        for order_ref in orders:
            await publish(broker.bootstrap, namespace, CLEARED, order_ref, cleared(order_ref, "late_delivery"))

        async def ended() -> None:
            assert await advisories(True) == []
            [done] = await advisories(False)
            assert done["id"] == first["id"] and done["valid_until"] is not None
            assert "have cleared" in str(done["summary"])

        await eventually(ended, timeout=30)
        announced = await probe.wait_for(PUBLISHED, lambda e: e.subject == first["id"], count=3)
        assert [e.data["valid_until"] is not None for e in announced] == [False, False, True]
        assert len(probe.of_type(PUBLISHED)) == 3  # created, escalated, ended: no more
        letters = await client.get("/v1/admin/dead-letters", headers=auth("admin"))
        assert letters.json()["items"] == []


async def support_delays(support, carrier: str) -> int:
    """Open delays support holds for a carrier, read straight from its table."""
    async with support.backbone.engine.connect() as connection:
        rows = await connection.execute(tables.fulfilment_delays.select().where(
            tables.fulfilment_delays.c.carrier == carrier, tables.fulfilment_delays.c.active.is_(True)))
        return len(rows.all())
