"""Several replicas of a service on PostgreSQL (SPEC 15): exactly one relay publishes; when its
process is SIGKILLed another takes over within RELAY_FAILOVER_SECONDS with nothing lost and per-key
order kept; when a consumer replica dies its partitions move and nothing is lost."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from shared.migrate import upgrade
from tests.support.apps import auth
from tests.support.broker import Broker
from tests.support.databases import postgres_database
from tests.support.events import EventProbe, eventually
from tests.support.processes import ServiceProcess, start_service_process, stop_process, wait_until_ready

SKU, WAREHOUSE = "REPLICA-1", "REPLICA-WH"
FAILOVER_SECONDS = 10.0
ENV = {f"{name}_{key}": value for name in ("INVENTORY", "MARKETING")
       for key, value in (("RELAY_MAX_BACKOFF_SECONDS", "1"), ("CONSUMER_MAX_BACKOFF_SECONDS", "1"),
                          ("RELAY_FAILOVER_SECONDS", str(FAILOVER_SECONDS)))}


class Replicas:
    def __init__(self, log_dir: Path, broker: Broker, namespace: str, urls: dict[str, str]) -> None:
        self.log_dir, self.broker, self.namespace, self.urls = log_dir, broker, namespace, urls
        self.processes: dict[str, list[ServiceProcess]] = {"inventory": [], "marketing": []}

    async def start(self, service: str, count: int) -> None:
        for index in range(count):
            log_dir = self.log_dir / f"{service}-{len(self.processes[service])}-{index}"
            log_dir.mkdir()
            process = start_service_process(service, self.urls[service], self.broker.bootstrap,
                                            self.namespace, log_dir, ENV)
            self.processes[service].append(process)
        await asyncio.gather(*(wait_until_ready(p) for p in self.processes[service]))

    def alive(self, service: str) -> list[ServiceProcess]:
        return [p for p in self.processes[service] if p.process is not None and p.process.poll() is None]

    async def leaders(self, client: httpx.AsyncClient, service: str) -> list[ServiceProcess]:
        found = []
        for replica in self.alive(service):
            try:
                ready = await client.get(f"{replica.url}/readyz")
            except httpx.HTTPError:
                continue  # dying
            if ready.json()["relay_leader"]:
                found.append(replica)
        return found

    def stop(self) -> None:
        for replicas in self.processes.values():
            for replica in replicas:
                stop_process(replica)


@pytest.fixture
async def replicas(postgres: None, tmp_path: Path) -> AsyncIterator[Replicas]:
    broker = Broker(log_path=tmp_path / "broker.log")
    broker.start()
    try:
        async with AsyncExitStack() as databases:
            urls = {name: await databases.enter_async_context(postgres_database(f"rep_{name}"))
                    for name in ("inventory", "marketing")}
            for name, url in urls.items():
                await asyncio.to_thread(upgrade, name, url)
            running = Replicas(tmp_path, broker, f"rep{uuid.uuid4().hex[:6]}.", urls)
            try:
                await running.start("inventory", 2)
                await running.start("marketing", 2)
                yield running
            finally:
                running.stop()
    finally:
        broker.stop()


class Receipts:
    """A steady stream of one-unit receipts of one SKU, spread over the live inventory replicas."""

    def __init__(self, replicas: Replicas, client: httpx.AsyncClient) -> None:
        self.replicas, self.client = replicas, client
        self.accepted = 0
        self.stopped = asyncio.Event()

    async def reach(self, count: int) -> None:
        async def accepted_enough() -> None:
            assert self.accepted >= count

        await eventually(accepted_enough, timeout=120, interval=0.05)

    async def run(self) -> None:
        turn = 0
        while not self.stopped.is_set():
            alive = self.replicas.alive("inventory")
            turn += 1
            try:
                response = await self.client.post(
                    f"{alive[turn % len(alive)].url}/v1/stock/movements", headers=auth("inventory"),
                    json={"sku": SKU, "warehouse": WAREHOUSE, "delta": 1, "reason": "receipt"})
            except httpx.HTTPError:
                continue  # the replica was just killed; the next one takes the write
            if response.status_code == 201:
                self.accepted += 1
            await asyncio.sleep(0.01)


@pytest.mark.e2e
async def test_relay_failover_and_consumer_rebalance_lose_nothing(replicas: Replicas) -> None:
    async with (
        httpx.AsyncClient(timeout=30) as client,
        EventProbe(replicas.broker.bootstrap, replicas.namespace, ["inventory.events"]) as events,
    ):
        first = replicas.alive("inventory")[0].url
        await client.put(f"{first}/v1/warehouses/{WAREHOUSE}", headers=auth("inventory"),
                         json={"name": "Replicas", "country": "DE"})
        await client.put(f"{first}/v1/items/{SKU}", headers=auth("inventory"), json={"name": "Replicas"})
        assert len(await replicas.leaders(client, "inventory")) == 1, "exactly one relay publishes"

        receipts = Receipts(replicas, client)
        load = asyncio.create_task(receipts.run())
        await receipts.reach(100)
        [leader] = await replicas.leaders(client, "inventory")
        assert leader.process is not None
        leader.process.kill()  # SIGKILL: no clean-up, the lock goes with the session
        killed_at = time.monotonic()

        async def new_leader_elected() -> None:
            assert len(await replicas.leaders(client, "inventory")) == 1

        await eventually(new_leader_elected, timeout=FAILOVER_SECONDS, interval=0.1)
        took_over_after = time.monotonic() - killed_at
        await receipts.reach(200)
        receipts.stopped.set()
        await load

        def delivered_in_order() -> None:
            levels: list[int] = []
            seen: set[str] = set()
            for event in events.of_type("inventory.stock.changed.v1"):
                if event.subject == SKU and event.id not in seen:  # a re-sent copy is dropped by consumers
                    seen.add(event.id)
                    levels.append(int(event.data["on_hand"]))
            assert levels == list(range(1, receipts.accepted + 1)), "an event was lost or out of order"

        await eventually(delivered_in_order, timeout=60)
        assert took_over_after <= FAILOVER_SECONDS

        # A consumer replica dies: its partitions move to the survivor, which answers every check.
        marketing = replicas.alive("marketing")
        assert marketing[0].process is not None
        marketing[0].process.kill()
        survivor = marketing[1].url
        now = datetime.now(UTC)
        campaign_ids = []
        for number in range(6):
            created = await client.post(f"{survivor}/v1/campaigns", headers=auth("marketing"), json={
                "name": f"Replica {number}", "channels": ["email"],
                "starts_at": (now + timedelta(days=1)).isoformat(),
                "ends_at": (now + timedelta(days=2)).isoformat(),
                "items": [{"sku": SKU, "expected_units": 5}]})
            campaign_ids.append(created.json()["id"])
            await client.post(f"{survivor}/v1/campaigns/{created.json()['id']}/launch-request",
                              headers=auth("marketing"))

        async def every_inventory_check_answered() -> None:
            for campaign_id in campaign_ids:
                readiness = (await client.get(f"{survivor}/v1/campaigns/{campaign_id}/readiness",
                                              headers=auth("marketing"))).json()
                assert readiness["checks"]["inventory"]["status"] != "pending", campaign_id

        await eventually(every_inventory_check_answered, timeout=90, interval=0.5)
        print(f"\nreplicas: relay leader SIGKILLed after 100 receipts; a standby published after "
              f"{took_over_after:.1f} s; {receipts.accepted} receipts delivered once each, in order; "
              f"a consumer replica killed, its partitions moved, {len(campaign_ids)} checks answered")
