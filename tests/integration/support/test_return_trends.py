"""Return trends: returned lines of one SKU sharing a fixable reason, carrier damage included."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import select

from services.support.tables import transit_damages
from shared.events import topic_of
from tests.integration.support.test_returns import announce, request_known
from tests.support.apps import auth
from tests.support.events import EventProbe, eventually, publish

TREND = "support.return.trend_detected.v1"


def one_line(order: str, sku: str, reason: str, comment: str | None = None) -> dict[str, object]:
    return {"order_ref": order, "customer_ref": "C-1",
            "lines": [{"sku": sku, "qty": 1, "reason": reason, "comment": comment}]}


async def trends_in_outbox(support) -> list[bytes]:
    outbox = support.backbone.tables.outbox
    async with support.backbone.engine.connect() as connection:
        rows = await connection.execute(select(outbox.c.payload).where(outbox.c.event_type == TREND))
        return [bytes(r.payload) for r in rows]


async def damaged_in_transit(broker, namespace, sku: str, fulfilment_id: str):
    moment = datetime.now(UTC).isoformat()
    return await publish(broker.bootstrap, namespace, "inventory.fulfilment.status_changed.v1", "ORD-T", {
        "fulfilment_id": fulfilment_id, "order_ref": "ORD-T", "warehouse": "BER-1", "status": "exception",
        "carrier": "DHL", "ship_by": moment, "occurred_at": moment, "exception_kind": "damaged_in_transit",
        "lines": [{"sku": sku, "qty": 2}]})


async def test_damaged_lines_and_carrier_damage_make_one_trend_per_window(start_service, broker, namespace):
    async with EventProbe(broker.bootstrap, namespace, [topic_of(TREND)]) as probe:
        support = await start_service("support", return_trend_threshold=4)
        client = support.client
        await announce(broker, namespace, ["SKU-VASE", "SKU-LAMP"], ["BER-1"])
        first = await request_known(client, one_line("ORD-1", "SKU-VASE", "damaged", "Arrived in pieces."))
        assert first.status_code == 201, first.text
        for number, (sku, reason) in enumerate([
            ("SKU-VASE", "changed_mind"), ("SKU-LAMP", "damaged"), ("SKU-VASE", "wrong_item"),
        ]):
            created = await client.post("/v1/returns", headers=auth("storefront"),
                                        json=one_line(f"ORD-X{number}", sku, reason))
            assert created.status_code == 201, created.text
        second = await client.post("/v1/returns", headers=auth("storefront"),
                                   json=one_line("ORD-2", "SKU-VASE", "damaged", "Cracked rim."))
        assert second.status_code == 201
        fulfilment_id = str(uuid.uuid4())
        sent = [await damaged_in_transit(broker, namespace, "SKU-VASE", fulfilment_id)]
        # The same carrier exception delivered again is one damaged line, not two.
        sent.append(await damaged_in_transit(broker, namespace, "SKU-VASE", fulfilment_id))
        sent.append(await publish(broker.bootstrap, namespace, "inventory.fulfilment.status_changed.v1", "ORD-L", {
            "fulfilment_id": str(uuid.uuid4()), "order_ref": "ORD-L", "warehouse": "BER-1",
            "status": "exception", "ship_by": datetime.now(UTC).isoformat(),
            "occurred_at": datetime.now(UTC).isoformat(), "exception_kind": "lost",
            "lines": [{"sku": "SKU-VASE", "qty": 1}]}))

        async def all_consumed() -> None:
            inbox = support.backbone.tables.inbox
            async with support.backbone.engine.connect() as connection:
                seen = set((await connection.execute(select(inbox.c.event_id))).scalars())
            assert {event.id for event in sent} <= seen

        await eventually(all_consumed)
        async with support.backbone.engine.connect() as connection:
            damages = (await connection.execute(select(transit_damages.c.fulfilment_id))).scalars().all()
        assert list(damages) == [fulfilment_id]
        assert await trends_in_outbox(support) == []

        fourth = await client.post("/v1/returns", headers=auth("storefront"),
                                   json=one_line("ORD-3", "SKU-VASE", "damaged", "Box was crushed."))
        assert fourth.status_code == 201
        [trend] = await probe.wait_for(TREND)
        assert trend.subject == "damaged:SKU-VASE"
        assert trend.data == {
            "sku": "SKU-VASE", "reason": "damaged", "line_count": 4, "window_days": 7,
            "sample_comments": ["Box was crushed.", "Cracked rim.", "Arrived in pieces."],
        }
        fifth = await client.post("/v1/returns", headers=auth("storefront"),
                                  json=one_line("ORD-4", "SKU-VASE", "damaged"))
        assert fifth.status_code == 201
        assert len(await trends_in_outbox(support)) == 1
