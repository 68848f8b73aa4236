"""The board keeps working when the broker restarts (the local one forgets everything)."""

from __future__ import annotations

from sqlalchemy import select

from services.board.tables import feed
from tests.support.apps import run_service
from tests.support.broker import Broker
from tests.support.events import eventually, publish


async def _feed_ids(board) -> list[str]:
    async with board.backbone.engine.connect() as connection:
        return list((await connection.execute(select(feed.c.event_id).order_by(feed.c.seq))).scalars())


async def test_after_a_broker_restart_the_consumer_comes_back_and_new_events_appear(
    new_database, namespace, tmp_path
):
    own_broker = Broker(log_path=tmp_path / "tansu.log")
    own_broker.start()
    try:
        database = await new_database("board")
        async with run_service("board", database, own_broker.bootstrap, namespace) as board:
            before = await publish(own_broker.bootstrap, namespace, "inventory.stock.depleted.v1", "SKU-B",
                                   {"sku": "SKU-B"})

            async def seen(event_id: str) -> None:
                assert event_id in await _feed_ids(board)

            await eventually(lambda: seen(before.id))
            own_broker.restart()
            after = await publish(own_broker.bootstrap, namespace, "inventory.stock.replenished.v1", "SKU-B",
                                  {"sku": "SKU-B", "total_available": 40, "threshold": 5})
            await eventually(lambda: seen(after.id), timeout=60)
            assert await _feed_ids(board) == [before.id, after.id]
            ready = (await board.client.get("/readyz")).json()
            assert ready["database"] == "up"
    finally:
        own_broker.stop()
