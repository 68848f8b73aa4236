"""Tickets over HTTP: roles, no customer data in events, feedback trends once per window."""

import asyncio
import json
import uuid

from sqlalchemy import select

from shared.events import topic_of
from tests.support.apps import auth
from tests.support.events import EventProbe, eventually

TREND = "support.feedback.trend_detected.v1"
CUSTOMER = "CUST-PRIVATE-4410"


def ticket(number: int, **changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "customer_ref": CUSTOMER, "channel": "chat", "subject": f"Sizing question {number}",
        "body": "The size chart does not match the shoes.", "topic": "Sizing", "sku": "SKU-SHOE",
        "order_ref": f"ORD-{number}",
    }
    body.update(changes)
    return body


async def trend_rows_in_outbox(support) -> list[bytes]:
    outbox = support.backbone.tables.outbox
    async with support.backbone.engine.connect() as connection:
        rows = await connection.execute(select(outbox.c.payload).where(outbox.c.event_type == TREND))
        return [bytes(r.payload) for r in rows]


async def test_five_tickets_on_one_topic_and_sku_make_one_trend_and_the_sixth_nothing_more(
    start_service, broker, namespace
):
    async with EventProbe(broker.bootstrap, namespace, [topic_of(TREND)]) as probe:
        support = await start_service("support")
        client = support.client
        opened = []
        for number in range(1, 7):
            role = "storefront" if number % 2 else "support"
            response = await client.post("/v1/tickets", headers=auth(role), json=ticket(number))
            assert response.status_code == 201, response.text
            opened.append(response.json())
            assert len(await trend_rows_in_outbox(support)) == (1 if number >= 5 else 0)
        other_sku = await client.post("/v1/tickets", headers=auth("storefront"),
                                      json=ticket(7, sku="SKU-BOOT", channel="email"))
        assert other_sku.status_code == 201

        [trend] = await probe.wait_for(TREND)
        assert trend.data["topic"] == "sizing"
        assert (trend.data["sku"], trend.data["ticket_count"]) == ("SKU-SHOE", 5)
        assert trend.data["window_days"] == 7
        assert set(trend.data["sample_subjects"]) == {f"Sizing question {n}" for n in range(1, 6)}
        opened_events = await probe.wait_for("support.ticket.opened.v1", count=7)
        assert {e.data["ticket_id"] for e in opened_events} >= {t["id"] for t in opened}
        assert all(CUSTOMER.encode() not in value for _, _, value in probe.raw)
        assert len(await trend_rows_in_outbox(support)) == 1

        first = opened[0]
        mine = await client.get(f"/v1/tickets/{first['id']}", headers=auth("storefront"))
        assert (mine.status_code, mine.json()["customer_ref"]) == (200, CUSTOMER)
        missing = await client.get(f"/v1/tickets/{uuid.uuid4()}", headers=auth("storefront"))
        assert missing.status_code == 404
        for role in ("storefront", "marketing", "inventory", "content"):
            assert (await client.get("/v1/tickets", headers=auth(role))).status_code == 403, role
            assert (await client.get(f"/v1/tickets/{first['id']}", headers=auth(role))).status_code == (
                200 if role == "storefront" else 403), role
        assert (await client.patch(f"/v1/tickets/{first['id']}", headers=auth("storefront"),
                                   json={"status": "closed"})).status_code == 403

        page = await client.get("/v1/tickets?topic=sizing&sku=SKU-SHOE&limit=4", headers=auth("support"))
        assert [t["subject"] for t in page.json()["items"]] == [f"Sizing question {n}" for n in (6, 5, 4, 3)]
        rest = await client.get(f"/v1/tickets?topic=sizing&sku=SKU-SHOE&limit=4&cursor="
                                f"{page.json()['next_cursor']}", headers=auth("support"))
        assert [t["subject"] for t in rest.json()["items"]] == ["Sizing question 2", "Sizing question 1"]
        assert rest.json()["next_cursor"] is None

        closed = await client.patch(f"/v1/tickets/{first['id']}", headers=auth("support"),
                                    json={"status": "closed", "priority": "high"})
        assert (closed.json()["status"], closed.json()["priority"]) == ("closed", "high")
        reopened = await client.patch(f"/v1/tickets/{first['id']}", headers=auth("support"),
                                      json={"status": "open"})
        assert reopened.status_code == 409
        assert reopened.json()["current_status"] == "closed"
        assert (await client.get("/v1/tickets?status=closed", headers=auth("admin"))).json()["items"][0][
            "id"] == first["id"]

        async def ticket_events_carry_no_customer_ref() -> None:
            assert len(probe.of_type("support.ticket.opened.v1")) == 7
            assert all("customer_ref" not in e.data for e in probe.events)

        await eventually(ticket_events_carry_no_customer_ref)


async def test_concurrent_tickets_complete_a_trend_exactly_once(start_service):
    support = await start_service("support", run_background_tasks=False, trend_threshold=3)
    bodies = [ticket(n, sku="SKU-RUSH", page_url="https://shop.example/p/rush") for n in range(12)]
    responses = await asyncio.gather(*(
        support.client.post("/v1/tickets", headers=auth("storefront"), json=body) for body in bodies
    ))
    assert [r.status_code for r in responses] == [201] * 12
    trends = [json.loads(raw)["data"] for raw in await trend_rows_in_outbox(support)]
    # One per target: the SKU and the page URL each complete their own trend.
    assert sorted((t["sku"] or t["url"], t["ticket_count"]) for t in trends) == [
        ("SKU-RUSH", 3), ("https://shop.example/p/rush", 3)]


async def test_invalid_ticket_and_return_input_is_refused_with_422_not_500(start_service):
    support = await start_service("support", run_background_tasks=False)
    client = support.client
    bad_bodies = [
        ticket(1, channel="fax"), ticket(1, sku="bad sku!"), ticket(1, subject=""),
        ticket(1, subject="x" * 201), ticket(1, body="nul \u0000 byte"), ticket(1, page_url="ftp://x"),
        ticket(1, campaign_id="not-a-uuid"), ticket(1, customer_ref="a" * 201), {"channel": "chat"},
    ]
    for body in bad_bodies:
        response = await client.post("/v1/tickets", headers=auth("storefront"), json=body)
        assert response.status_code == 422, (body, response.text)
    for body in [
        {"order_ref": "ORD-1", "customer_ref": "C", "lines": []},
        {"order_ref": "ORD-1", "customer_ref": "C", "lines": [{"sku": "A", "qty": 0, "reason": "other"}]},
        {"order_ref": "ORD-1", "customer_ref": "C",
         "lines": [{"sku": "A", "qty": 1, "reason": "other"}, {"sku": "A", "qty": 2, "reason": "damaged"}]},
    ]:
        response = await client.post("/v1/returns", headers=auth("storefront"), json=body)
        assert response.status_code == 422, (body, response.text)
    lone_surrogate = (b'{"customer_ref": "C", "channel": "chat", "subject": "\\ud800", "body": "b"}')
    response = await client.post("/v1/tickets", content=lone_surrogate,
                                 headers={**auth("storefront"), "Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert (await client.get("/v1/tickets/not-a-uuid", headers=auth("support"))).status_code == 422
    assert (await client.get("/v1/tickets?cursor=garbage", headers=auth("support"))).status_code == 422
    assert (await client.get("/v1/tickets?limit=500", headers=auth("support"))).status_code == 422
    assert (await client.patch(f"/v1/tickets/{uuid.uuid4()}", headers=auth("support"),
                               json={})).status_code == 422
    assert (await client.get("/v1/advisories")).status_code == 401


async def test_every_support_route_is_documented_with_summary_errors_and_examples(start_service):
    support = await start_service("support", run_background_tasks=False)
    document = (await support.client.get("/openapi.json")).json()
    operations = [
        (path, method, operation) for path, item in document["paths"].items() if path.startswith("/v1/")
        and not path.startswith(("/v1/admin/dead-letters", "/v1/admin/outbox")) for method, operation in item.items()
    ]
    assert len(operations) == 15
    for path, method, operation in operations:
        assert operation.get("summary") and operation.get("description"), (path, method)
        assert {"401", "422"} <= set(operation["responses"]), (path, method)
        body = operation.get("requestBody")
        if body is not None:
            schema_ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
            assert document["components"]["schemas"][schema_ref].get("examples"), (path, method)
    asyncapi = (await support.client.get("/asyncapi.json")).json()
    assert "inventory.return.processed.v1" in str(asyncapi)
