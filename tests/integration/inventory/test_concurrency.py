"""Concurrent reservations, commits, releases and movements never oversell nor drift."""

import asyncio
import random

from tests.integration.inventory.conftest import SHOP, add_item, add_warehouse, drift, move, receive, stock


async def _storm(client, requests: int) -> list[int]:
    async def reserve_one(n: int) -> int:
        response = await client.post("/v1/reservations", headers=SHOP, json={
            "order_ref": f"STORM-{n}", "lines": [{"sku": "HOT", "qty": 1}]})
        return response.status_code

    return list(await asyncio.gather(*(reserve_one(n) for n in range(requests))))


async def _stock_hot(client, split: tuple[int, int]) -> None:
    await add_warehouse(client, "W1")
    await add_warehouse(client, "W2")
    await add_item(client, "HOT")
    await receive(client, "HOT", "W1", split[0])
    await receive(client, "HOT", "W2", split[1])


async def test_500_concurrent_single_unit_reservations_on_100_units_never_oversell(
    start_service, db_kind
):
    """PostgreSQL row locks under a 500-request storm; SQLite (one writer at a time) gets 60 on 20."""
    inventory = await start_service("inventory")
    client = inventory.client
    requests, units = (500, 100) if db_kind == "postgresql" else (60, 20)
    await _stock_hot(client, (units * 6 // 10, units * 4 // 10))

    statuses = await _storm(client, requests)

    assert statuses.count(201) == units
    assert statuses.count(409) == requests - units
    figures = await stock(client, "HOT")
    assert (figures["on_hand"], figures["reserved"], figures["available"]) == (units, units, 0)
    assert figures["status"] == "out_of_stock"
    assert await drift(client) == []


async def test_randomized_concurrent_mix_ends_without_drift_or_negative_figures(start_service, db_kind):
    inventory = await start_service("inventory")
    client = inventory.client
    skus = ["M1", "M2", "M3"]
    for code in ("W1", "W2"):
        await add_warehouse(client, code)
    for sku in skus:
        await add_item(client, sku, threshold=5)
        await receive(client, sku, "W1", 15)
        await receive(client, sku, "W2", 10)
    rng = random.Random(20261130)
    shipped_by_movement = {sku: 0 for sku in skus}
    received = {sku: 25 for sku in skus}
    committed: dict[str, int] = {sku: 0 for sku in skus}
    operations = 120 if db_kind == "postgresql" else 60

    async def checkout(n: int) -> set[int]:
        lines = [{"sku": sku, "qty": rng.randint(1, 3)} for sku in rng.sample(skus, rng.randint(1, 3))]
        created = await client.post("/v1/reservations", headers=SHOP, json={
            "order_ref": f"MIX-{n}", "lines": lines})
        if created.status_code != 201:
            return {created.status_code}
        action = rng.choice(["commit", "release", "keep"])
        if action == "keep":
            return {201}
        done = await client.post(f"/v1/reservations/{created.json()['id']}/{action}", headers=SHOP)
        if action == "commit" and done.status_code == 200:
            for line in created.json()["lines"]:
                committed[line["sku"]] += line["qty"]
        return {201, done.status_code}

    async def stock_move() -> set[int]:
        sku, warehouse = rng.choice(skus), rng.choice(["W1", "W2"])
        delta = rng.choice([rng.randint(1, 6), -rng.randint(1, 4)])
        response = await move(client, sku, warehouse, delta)
        if response.status_code == 201:
            if delta > 0:
                received[sku] += delta
            else:
                shipped_by_movement[sku] -= delta
        return {response.status_code}

    jobs = [checkout(n) if rng.random() < 0.6 else stock_move() for n in range(operations)]
    outcomes = set().union(*await asyncio.gather(*jobs))

    assert outcomes <= {200, 201, 409}
    assert await drift(client) == []
    for sku in skus:
        figures = await stock(client, sku)
        assert figures["on_hand"] == received[sku] - shipped_by_movement[sku] - committed[sku]
        for level in figures["warehouses"]:
            assert 0 <= level["reserved"] <= level["on_hand"]
