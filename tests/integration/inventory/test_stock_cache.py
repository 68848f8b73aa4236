"""The stock reads' cache, on both databases: a read after a committed change answers the new
figure, whether this process wrote it, another connection did, or another process."""

import asyncio
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from shared.db import create_engine
from tests.integration.inventory.conftest import SHOP, add_item, add_warehouse, move, receive, stock
from tests.support.events import eventually


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


@pytest.mark.parametrize("db_kind", ["postgresql"], indirect=True)
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


ROOT = Path(__file__).resolve().parents[3]
SKU = "SKU-CACHED"
WRITE_IN_ANOTHER_PROCESS = """
import asyncio, sys
from sqlalchemy import text
from shared.db import create_engine

async def main():
    engine = create_engine(sys.argv[1])
    async with engine.begin() as connection:
        await connection.execute(text(sys.argv[2]))
    await engine.dispose()

asyncio.run(main())
"""


async def _available(inventory) -> int:
    response = await inventory.client.get(f"/v1/stock/{SKU}", headers=SHOP)
    assert response.status_code == 200, response.text
    return int(response.json()["available"])


async def _stocked(start_service, units: int):
    inventory = await start_service("inventory")
    await add_warehouse(inventory.client, "BER-1")
    await add_item(inventory.client, SKU)
    await receive(inventory.client, SKU, "BER-1", units)
    return inventory


@pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True)  # PostgreSQL misses skip the engine
async def test_a_repeated_read_is_answered_without_the_database(start_service):
    inventory = await _stocked(start_service, 10)
    engine = inventory.backbone.engine.sync_engine

    async def served_from_the_cache() -> None:
        # On SQLite any commit (the relay marking the receipt's events sent) forgets everything.
        assert await _available(inventory) == 10  # loads and keeps, unless something committed
        statements: list[str] = []

        def count(_connection, _cursor, sql, *_args) -> None:
            statements.append(sql)

        event.listen(engine, "before_cursor_execute", count)
        try:
            for _ in range(3):
                assert await _available(inventory) == 10
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert statements == [], statements

    await eventually(served_from_the_cache, timeout=10)


async def test_reads_after_this_process_writes_answer_the_new_figure(start_service):
    inventory = await _stocked(start_service, 10)
    client = inventory.client
    assert await _available(inventory) == 10
    assert await _available(inventory) == 10
    await receive(client, SKU, "BER-1", 5)
    assert await _available(inventory) == 15
    reserved = await client.post("/v1/reservations", headers=SHOP, json={
        "order_ref": "ORD-CACHE", "lines": [{"sku": SKU, "qty": 4}],
    })
    assert reserved.status_code == 201, reserved.text
    assert await _available(inventory) == 11
    released = await client.post(f"/v1/reservations/{reserved.json()['id']}/release", headers=SHOP)
    assert released.status_code == 200, released.text
    assert await _available(inventory) == 15
    async with inventory.backbone.uow() as uow:  # a write of this process outside the API
        await uow.execute(text("UPDATE stock_levels SET on_hand = 3 WHERE sku = :sku"), {"sku": SKU})
        await uow.commit()
    assert await _available(inventory) == 3


async def test_reads_after_another_connection_writes_answer_the_new_figure(start_service, db_kind):
    inventory = await _stocked(start_service, 10)
    assert await _available(inventory) == 10
    assert await _available(inventory) == 10
    other = create_engine(inventory.settings.database_url)  # without this process's hooks
    try:
        async with other.begin() as connection:
            await connection.execute(text("UPDATE stock_levels SET on_hand = 7 WHERE sku = :sku"), {"sku": SKU})
        if db_kind == "sqlite":  # the commit is seen by the very next read
            assert await _available(inventory) == 7

        async def seven() -> None:
            assert await _available(inventory) == 7

        await eventually(seven, timeout=5, interval=0.02)
    finally:
        await other.dispose()


async def test_reads_after_another_process_writes_answer_the_new_figure(start_service, db_kind):
    inventory = await _stocked(start_service, 10)
    assert await _available(inventory) == 10
    assert await _available(inventory) == 10
    writer = await asyncio.create_subprocess_exec(
        sys.executable, "-c", WRITE_IN_ANOTHER_PROCESS, inventory.settings.database_url,
        f"UPDATE stock_levels SET reserved = 6 WHERE sku = '{SKU}'", cwd=ROOT, stderr=subprocess.PIPE,
    )
    _, errors = await writer.communicate()
    assert writer.returncode == 0, errors.decode()
    if db_kind == "sqlite":
        assert await _available(inventory) == 4

    async def four() -> None:
        assert await _available(inventory) == 4

    await eventually(four, timeout=5, interval=0.02)
