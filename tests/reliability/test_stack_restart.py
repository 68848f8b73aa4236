"""The whole local stack (`make run`: in-memory broker, SQLite) stopped with Ctrl-C in the middle of
a burst of return inspections and started again: every inspection support accepted is restocked
by inventory, each exactly once. The restarted broker is empty; the outboxes know what it lost."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from shared.migrate import SERVICES
from tests.support.apps import auth
from tests.support.broker import free_port
from tests.support.events import eventually

ROOT = Path(__file__).resolve().parents[2]
RETURNS = 50
SKU, WAREHOUSE = "RESTART-1", "RESTART-WH"


class LocalStack:
    """`python -m scripts.stack` (what `make run` starts) on its own ports and SQLite files."""

    def __init__(self, directory: Path) -> None:
        self.ports = {name: free_port() for name in SERVICES}
        self.env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}
        self.env["LOCAL_BROKER_PORT"] = str(free_port())
        for name, port in self.ports.items():
            self.env[f"{name.upper()}_PORT"] = str(port)
            self.env[f"{name.upper()}_DATABASE_URL"] = f"sqlite+aiosqlite:///{directory / name}.db"
        self.log_path = directory / "stack.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.lives = 0

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def start(self) -> None:
        self.lives += 1
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "scripts.stack"], cwd=ROOT, env=self.env,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 120
        while self.log().count("The stack is up") < self.lives:
            assert self.process.poll() is None, self.log()[-3000:]
            assert time.monotonic() < deadline, "the stack did not come up in time"
            time.sleep(0.3)

    def interrupt(self) -> None:
        """What Ctrl-C in the terminal does."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            self.process.wait(timeout=60)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


async def _call(client: httpx.AsyncClient, method: str, url: str, role: str, body: object = None,
                accept: tuple[int, ...] = (200, 201)) -> dict[str, object]:
    """Retried while another team's facts are still on their way (support learns warehouses and
    SKUs from inventory's events)."""
    for _ in range(100):
        response = await client.request(method, url, headers=auth(role), json=body)
        if response.status_code in accept:
            return dict(response.json())
        assert response.status_code in (409, 422, 503), (url, response.status_code, response.text)
        await asyncio.sleep(0.2)
    raise AssertionError(f"{method} {url} kept failing: {response.text}")


async def _prepare_returns(stack: LocalStack, client: httpx.AsyncClient) -> list[str]:
    inventory, support = stack.url("inventory"), stack.url("support")
    await _call(client, "PUT", f"{inventory}/v1/warehouses/{WAREHOUSE}", "inventory",
                {"name": "Restart", "country": "DE"})
    await _call(client, "PUT", f"{inventory}/v1/items/{SKU}", "inventory", {"name": "Restart"})
    await _call(client, "POST", f"{inventory}/v1/stock/movements", "inventory",
                {"sku": SKU, "warehouse": WAREHOUSE, "delta": 10, "reason": "receipt"})
    return_ids = []
    for number in range(RETURNS):
        created = await _call(client, "POST", f"{support}/v1/returns", "storefront", {
            "order_ref": f"RESTART-{number}", "customer_ref": "C-1",
            "lines": [{"sku": SKU, "qty": 1, "reason": "changed_mind"}]})
        return_id = str(created["id"])
        await _call(client, "POST", f"{support}/v1/returns/{return_id}/approve", "support")
        await _call(client, "POST", f"{support}/v1/returns/{return_id}/receive", "support",
                    {"warehouse": WAREHOUSE})
        return_ids.append(return_id)
    return return_ids


async def _inspect(client: httpx.AsyncClient, support: str, return_id: str) -> bool:
    try:
        response = await client.post(
            f"{support}/v1/returns/{return_id}/inspect", headers=auth("support"),
            json={"lines": [{"sku": SKU, "qty": 1, "disposition": "resellable"}]})
    except httpx.HTTPError:
        return False
    return response.status_code == 200


@pytest.mark.e2e
async def test_ctrl_c_during_a_burst_of_inspections_loses_none_and_restocks_each_once(tmp_path):
    stack = LocalStack(tmp_path)
    stack.start()
    try:
        async with httpx.AsyncClient(timeout=30) as client:
            return_ids = await _prepare_returns(stack, client)
            support = stack.url("support")
            burst = [asyncio.create_task(_inspect(client, support, r)) for r in return_ids]
            for finished, _ in zip(asyncio.as_completed(burst), range(RETURNS // 3), strict=False):
                await finished
            await asyncio.to_thread(stack.interrupt)
            accepted = {r for r, task in zip(return_ids, burst, strict=True) if await task}
            assert accepted, "no inspection was accepted before the stop"
            await asyncio.to_thread(stack.start)

            async def settled() -> None:
                statuses = {r: str((await _call(client, "GET", f"{support}/v1/returns/{r}", "support"))["status"])
                            for r in return_ids}
                assert {r for r, s in statuses.items() if s == "restocked"} >= accepted
                assert "inspected" not in statuses.values(), "an inspection was never processed"
                stock = await _call(client, "GET", f"{stack.url('inventory')}/v1/stock/{SKU}", "storefront")
                restocked = sum(s == "restocked" for s in statuses.values())
                assert stock["on_hand"] == 10 + restocked, "a return was restocked twice or not at all"

            await eventually(settled, timeout=120, interval=1.0)
            resent_by = {line.split("|")[0].strip() for line in stack.log().splitlines()
                         if "sending them again" in line}
            assert "support" in resent_by, "the restarted stack did not re-send what the broker lost"
    finally:
        stack.interrupt()
