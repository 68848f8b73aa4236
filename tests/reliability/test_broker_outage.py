"""The broker dies under a steady stream of writes to all four services and comes back empty:
writes keep succeeding, and every committed change's events arrive and are applied exactly once."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.reliability.conftest import FaultyStack
from tests.support.events import eventually

OUTAGE_SECONDS = 10
SKU, WAREHOUSE = "SKU-STREAM", "WH-STREAM"


class WriteStream:
    """One round of writes on each service, again and again, counting what was answered how."""

    def __init__(self, stack: FaultyStack) -> None:
        self.stack = stack
        self.succeeded = 0
        self.refused: list[str] = []
        self.return_ids: list[str] = []
        self.campaign_ids: list[str] = []
        self.stopped = asyncio.Event()

    async def _ok(self, service: str, method: str, path: str, role: str, body: Any) -> dict[str, Any]:
        response = await self.stack.running.call(service, method, path, role, json=body)
        if response.status_code >= 300:
            self.refused.append(f"{method} {service}{path}: {response.status_code} {response.text[:200]}")
            raise AssertionError(self.refused[-1])
        self.succeeded += 1
        return dict(response.json())

    async def round(self, number: int) -> None:
        await self._ok("inventory", "POST", "/v1/stock/movements", "inventory",
                       {"sku": SKU, "warehouse": WAREHOUSE, "delta": 1, "reason": "receipt"})
        await self._ok("content", "PUT", "/v1/pages", "content",
                       {"url": f"https://shop.example/stream/{number}", "kind": "category"})
        now = datetime.now(UTC)
        campaign = await self._ok("marketing", "POST", "/v1/campaigns", "marketing", {
            "name": f"Stream {number}", "channels": ["email"],
            "starts_at": (now + timedelta(days=1)).isoformat(),
            "ends_at": (now + timedelta(days=3)).isoformat(),
            "items": [{"sku": SKU, "expected_units": 5}]})
        launch = f"/v1/campaigns/{campaign['id']}/launch-request"
        await self._ok("marketing", "POST", launch, "marketing", None)
        self.campaign_ids.append(campaign["id"])
        created = await self._ok("support", "POST", "/v1/returns", "storefront", {
            "order_ref": f"ORD-{number}", "customer_ref": "C-1",
            "lines": [{"sku": SKU, "qty": 1, "reason": "changed_mind"}]})
        for step, body in (("approve", None), ("receive", {"warehouse": WAREHOUSE}),
                           ("inspect", {"lines": [{"sku": SKU, "qty": 1, "disposition": "resellable"}]})):
            await self._ok("support", "POST", f"/v1/returns/{created['id']}/{step}", "support", body)
        self.return_ids.append(created["id"])

    async def run(self) -> None:
        for number in itertools.count():
            if self.stopped.is_set():
                return
            await self.round(number)
            await asyncio.sleep(0.2)


async def _outbox_rows(stack: FaultyStack, since: datetime, until: datetime) -> int:
    total = 0
    for service in stack.database_urls:
        rows = await stack.query(
            service, "SELECT count(*) AS n FROM outbox WHERE created_at >= $1 AND created_at < $2",
            since, until)
        total += rows[0]["n"]
    return total


async def test_broker_outage_loses_nothing_and_applies_nothing_twice(faulty_stack: FaultyStack) -> None:
    stack = faulty_stack
    await stack.running.call("inventory", "PUT", f"/v1/warehouses/{WAREHOUSE}", "inventory",
                             json={"name": "Stream", "country": "DE"})
    await stack.running.call("inventory", "PUT", f"/v1/items/{SKU}", "inventory", json={"name": "Stream"})
    await stack.running.call("inventory", "POST", "/v1/stock/movements", "inventory",
                             json={"sku": SKU, "warehouse": WAREHOUSE, "delta": 1, "reason": "receipt"})

    async def support_knows_the_sku_and_warehouse() -> None:
        # Support accepts returns only of SKUs and warehouses inventory's events announced.
        assert await stack.query("support", "SELECT sku FROM known_skus WHERE sku = $1", SKU)
        assert await stack.query("support", "SELECT code FROM known_warehouses WHERE code = $1", WAREHOUSE)

    await eventually(support_knows_the_sku_and_warehouse, timeout=30)
    stream = WriteStream(stack)
    writer = asyncio.create_task(stream.run())
    await asyncio.sleep(2)
    outage_started = datetime.now(UTC)
    sent_before = await _outbox_rows(stack, datetime.min.replace(tzinfo=UTC), outage_started)
    succeeded_before_outage = stream.succeeded
    stack.broker.stop()
    await asyncio.sleep(OUTAGE_SECONDS)
    writes_during_outage = stream.succeeded - succeeded_before_outage
    stack.broker.start()
    outage_ended = datetime.now(UTC)
    await asyncio.sleep(2)
    stream.stopped.set()
    await writer
    assert stream.refused == []
    assert writes_during_outage > 0

    async def all_sent() -> None:
        for service in stack.database_urls:
            [row] = await stack.query(service, "SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL")
            assert row["n"] == 0, f"{service} still has unsent events"

    await eventually(all_sent, timeout=60)
    written_in_outage = await _outbox_rows(stack, outage_started, outage_ended)
    assert written_in_outage > 0
    # Events the broker had acknowledged but nobody had consumed yet died with its memory; the
    # relays see the shortened partitions and send those again, so every chain completes.

    async def returns_restocked_once() -> dict[str, int]:
        movements = await stack.query(
            "inventory", "SELECT reference, count(*) AS n FROM movements WHERE reason = 'return_restock' "
            "GROUP BY reference")
        restocks = {row["reference"]: row["n"] for row in movements}
        assert restocks == dict.fromkeys(stream.return_ids, 1)
        return restocks

    await eventually(returns_restocked_once, timeout=60)
    restocks = await returns_restocked_once()

    async def one_advisory_per_campaign() -> dict[str, int]:
        advisories = await stack.query(
            "support", "SELECT campaign_id, count(*) AS n FROM advisories WHERE kind = 'campaign_launch' "
            "GROUP BY campaign_id")
        per_campaign = {row["campaign_id"]: row["n"] for row in advisories}
        assert per_campaign == dict.fromkeys(stream.campaign_ids, 1)
        return per_campaign

    await eventually(one_advisory_per_campaign, timeout=60)
    advisories = await one_advisory_per_campaign()

    async def stock_changes_learned() -> None:
        changes = {row["event_id"] for row in await stack.query(
            "inventory", "SELECT event_id FROM outbox WHERE event_type = 'inventory.stock.changed.v1'")}
        learned = {row["event_id"] for row in await stack.query(
            "content", "SELECT event_id FROM inbox WHERE event_type = 'inventory.stock.changed.v1'")}
        assert changes == learned

    await eventually(stock_changes_learned, timeout=60)
    [stock] = await stack.query(
        "inventory", "SELECT sum(on_hand) AS on_hand FROM stock_levels WHERE sku = $1", SKU)
    [receipts] = await stack.query(
        "inventory", "SELECT count(*) AS n FROM movements WHERE sku = $1 AND reason = 'receipt'", SKU)
    assert stock["on_hand"] == receipts["n"] + len(restocks)
    print(f"\nbroker outage: {sent_before} events before it, {written_in_outage} written during the "
          f"outage, all delivered and applied after it; {stream.succeeded} HTTP writes succeeded, "
          f"{len(restocks)} returns restocked and {len(advisories)} campaign advisories, each once")
