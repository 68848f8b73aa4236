"""Carrier scans: idempotent by (carrier, event_id), late and out of order, delivered is final."""

import asyncio
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from tests.integration.inventory.conftest import add_item, add_warehouse, receive
from tests.integration.inventory.fulfilment_steps import fulfilment, scan, ship_order
from tests.support.events import EventProbe

STATUS_CHANGED = "inventory.fulfilment.status_changed.v1"
AS_STATUS = {"in_transit": "in_transit", "out_for_delivery": "out_for_delivery",
             "attempted_delivery": "out_for_delivery", "exception": "exception", "delivered": "delivered"}


async def _scans_stored(inventory) -> int:
    async with inventory.backbone.uow(read_only=True) as uow:
        return int((await uow.execute(text("SELECT count(*) FROM carrier_scans"))).scalar_one())


async def test_a_scan_twice_changes_nothing_and_an_older_scan_after_delivery_undoes_nothing(start_service):
    inventory = await start_service("inventory")
    client = inventory.client
    await add_warehouse(client, "W1")
    await add_item(client, "C-1")
    await receive(client, "C-1", "W1", 5)
    shipped = await ship_order(client, "C-1", "ORD-C1", "TRK-1")
    start = datetime.now(UTC)

    first = await scan(client, "TRK-1", "e1", "in_transit", start + timedelta(hours=1))
    assert (first.status_code, first.json()["duplicate"]) == (201, False)
    assert first.json()["fulfilment"]["status"] == "in_transit"
    again = await scan(client, "TRK-1", "e1", "in_transit", start + timedelta(hours=1))
    assert (again.status_code, again.json()["duplicate"]) == (200, True)
    attempted = await scan(client, "TRK-1", "e2", "attempted_delivery", start + timedelta(hours=5))
    assert attempted.json()["fulfilment"]["status"] == "out_for_delivery"
    older = await scan(client, "TRK-1", "e3", "in_transit", start + timedelta(hours=2))
    assert (older.status_code, older.json()["fulfilment"]["status"]) == (201, "out_for_delivery")
    delivered = await scan(client, "TRK-1", "e4", "delivered", start + timedelta(hours=8))
    assert delivered.json()["fulfilment"]["status"] == "delivered"
    for number, (status, hours) in enumerate((("in_transit", 6), ("exception", 9))):
        late = await scan(client, "TRK-1", f"late-{number}", status, start + timedelta(hours=hours))
        assert late.status_code == 201
    assert (await fulfilment(client, shipped["id"]))["status"] == "delivered"
    assert await _scans_stored(inventory) == 6

    unknown = await scan(client, "NO-SUCH", "e9", "in_transit", start)
    assert (unknown.status_code, unknown.headers["content-type"]) == (404, "application/problem+json")
    other_carrier = await scan(client, "TRK-1", "e10", "in_transit", start, carrier="UPS")
    assert other_carrier.status_code == 404
    assert await _scans_stored(inventory) == 6
    naive = await client.post("/v1/carrier-events", headers={"Authorization": "Bearer dev-inventory"}, json={
        "carrier": "DHL", "event_id": "x", "tracking_number": "TRK-1", "status": "in_transit",
        "occurred_at": "2026-12-01T10:00:00"})
    assert naive.status_code == 422


def _expected_changes(arrivals: list[tuple[str, datetime]]) -> tuple[str, int]:
    """The final status and number of status changes a parcel goes through as its scans arrive."""
    status, latest, changes = "shipped", None, 0
    for scan_status, occurred_at in arrivals:
        if status == "delivered" or (latest is not None and occurred_at <= latest):
            continue
        latest = occurred_at
        if AS_STATUS[scan_status] != status:
            status, changes = AS_STATUS[scan_status], changes + 1
    return status, changes


def _concurrent_batches(scans: list[tuple], size: int = 20) -> list[list[tuple]]:
    """Consecutive batches sent at once, each with at most one scan per parcel, so that every
    parcel's scans arrive in the shuffled order while different parcels race."""
    batches: list[list[tuple]] = [[]]
    for one in scans:
        if len(batches[-1]) == size or any(other[0] == one[0] for other in batches[-1]):
            batches.append([])
        batches[-1].append(one)
    return batches


async def test_a_thousand_scans_in_random_order_leave_each_parcel_at_its_latest_scan(
    start_service, broker, namespace,
):
    inventory = await start_service("inventory")
    client = inventory.client
    await add_warehouse(client, "W1")
    await add_item(client, "C-2", threshold=0)
    await receive(client, "C-2", "W1", 100)
    parcels = {}
    for number in range(100):
        shipped = await ship_order(client, "C-2", f"ORD-P{number}", f"P{number}")
        parcels[f"P{number}"] = shipped["id"]
    rng = random.Random(18)
    start = datetime.now(UTC)
    scans = []
    for tracking in parcels:
        statuses = [rng.choice(["in_transit", "in_transit", "out_for_delivery", "attempted_delivery",
                                "exception"]) for _ in range(9)]
        statuses.append(rng.choice(["delivered", "in_transit"]))
        for number, status in enumerate(statuses):
            scans.append((tracking, f"{tracking}-{number}", status, start + timedelta(minutes=number + 1)))
    rng.shuffle(scans)

    async with EventProbe(broker.bootstrap, namespace, ["inventory.events"]) as events:
        for batch in _concurrent_batches(scans):
            answers = await asyncio.gather(*(scan(client, *one) for one in batch))
            assert all(answer.status_code == 201 for answer in answers), answers[0].text
        expected = {tracking: _expected_changes([(s, at) for t, _, s, at in scans if t == tracking])
                    for tracking in parcels}
        for tracking, fulfilment_id in parcels.items():
            assert (await fulfilment(client, fulfilment_id))["status"] == expected[tracking][0], tracking
        total = sum(changes for _, changes in expected.values())
        baseline = 4 * len(parcels)  # awaiting_pick, picked, packed, shipped
        changed = await events.wait_for(STATUS_CHANGED, count=baseline + total, timeout=60)
        per_order = Counter(e.subject for e in changed if e.data["status"] not in (
            "awaiting_pick", "picked", "packed", "shipped"))
        for number, tracking in enumerate(parcels):
            assert per_order[f"ORD-P{number}"] == expected[tracking][1], tracking
        await asyncio.sleep(1)  # nothing more comes
        assert len(events.of_type(STATUS_CHANGED)) == baseline + total
