"""Stock reads on PostgreSQL are cached per process and follow every committed change."""

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from tests.integration.inventory.conftest import add_item, add_warehouse, move, receive, stock
from tests.support.events import eventually

pytestmark = pytest.mark.parametrize("db_kind", ["postgresql"], indirect=True)


async def test_a_read_after_this_process_writes_shows_the_write(start_service):
    inventory = await start_service("inventory")
    client = inventory.client
    await add_warehouse(client, "BER-1")
    await add_item(client, "SKU-C", threshold=2)
    await receive(client, "SKU-C", "BER-1", 5)
    assert (await stock(client, "SKU-C"))["available"] == 5
    assert (await stock(client, "SKU-C"))["available"] == 5

    assert (await move(client, "SKU-C", "BER-1", -4, reason="adjustment")).status_code == 201
    assert (await stock(client, "SKU-C"))["status"] == "low"
    await add_item(client, "SKU-C", threshold=0)
    assert (await stock(client, "SKU-C"))["status"] == "in_stock"


async def test_a_read_follows_a_change_committed_by_another_process(start_service):
    inventory = await start_service("inventory")
    client = inventory.client
    await add_warehouse(client, "BER-1")
    await add_item(client, "SKU-D")
    await receive(client, "SKU-D", "BER-1", 30)
    assert (await stock(client, "SKU-D"))["on_hand"] == 30

    # Another replica's transaction, seen only through the database's change notification.
    url = make_url(inventory.settings.database_url).set(drivername="postgresql")
    other = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        await other.execute("UPDATE stock_levels SET reserved = 7 WHERE sku = 'SKU-D'")
    finally:
        await other.close()

    async def shows_the_change() -> None:
        assert (await stock(client, "SKU-D"))["available"] == 23

    await eventually(shows_the_change, timeout=10)
