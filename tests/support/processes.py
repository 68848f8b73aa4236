"""Run the four services (and, when asked, the board) as separate uvicorn processes, as in
production, for end-to-end stories and the board's browser tests."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from shared.migrate import SERVICES, upgrade
from tests.support.apps import auth
from tests.support.broker import free_port

ROOT = Path(__file__).resolve().parents[2]
BOARD = "board"
# The four services that own business data; the board (a reader of all four) starts after them.
BUSINESS_SERVICES = tuple(name for name in SERVICES if name != BOARD)


@dataclass
class ServiceProcess:
    name: str
    port: int
    log_path: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace")


@dataclass
class RunningStack:
    services: dict[str, ServiceProcess]
    bootstrap: str
    namespace: str
    clients: dict[str, httpx.AsyncClient] = field(default_factory=dict)
    database_urls: dict[str, str] = field(default_factory=dict)

    @property
    def board(self) -> ServiceProcess:
        """The board's process; only in a stack started with `board=True`."""
        return self.services[BOARD]

    def client(self, service: str) -> httpx.AsyncClient:
        if service not in self.clients:
            self.clients[service] = httpx.AsyncClient(base_url=self.services[service].url, timeout=30)
        return self.clients[service]

    async def call(self, service: str, method: str, path: str, role: str, **kwargs: object) -> httpx.Response:
        headers = {**auth(role), **dict(kwargs.pop("headers", {}) or {})}  # type: ignore[call-overload]
        return await self.client(service).request(method, path, headers=headers, **kwargs)  # type: ignore[arg-type]

    async def close(self) -> None:
        for client in self.clients.values():
            await client.aclose()
        self.clients.clear()


def start_service_process(
    name: str, database_url: str, bootstrap: str, namespace: str, log_dir: Path, extra_env: dict[str, str]
) -> ServiceProcess:
    port = free_port()
    prefix = name.upper()
    env = {**os.environ, **extra_env, "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "KAFKA_NAMESPACE": namespace,
           f"{prefix}_DATABASE_URL": database_url, f"{prefix}_PORT": str(port),
           f"{prefix}_RELAY_POLL_SECONDS": "0.2"}
    log_path = log_dir / f"{name}.log"
    service = ServiceProcess(name, port, log_path)
    with open(log_path, "ab") as log:
        service.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", f"services.{name}.main:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    return service


async def wait_until_ready(service: ServiceProcess, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            assert service.process is not None
            if service.process.poll() is not None:
                raise RuntimeError(f"{service.name} exited:\n{service.logs()[-4000:]}")
            try:
                ready = await client.get(f"{service.url}/readyz")
                # Ready, and its consumer has joined the group: events it is sent will be applied.
                if ready.status_code == 200 and ready.json().get("consumer_partitions", 1) > 0:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise TimeoutError(f"{service.name} not ready:\n{service.logs()[-4000:]}")


def board_env(services: dict[str, ServiceProcess]) -> dict[str, str]:
    """The board's settings that point it at the four services it reads and acts through."""
    return {f"BOARD_{name.upper()}_URL": services[name].url for name in BUSINESS_SERVICES}


async def start_stack(
    database_urls: dict[str, str], bootstrap: str, namespace: str, log_dir: Path,
    extra_env: dict[str, str] | None = None, board: bool = False,
) -> RunningStack:
    """The four services, then (with `board=True`, which needs `database_urls["board"]`) the board."""
    for name in BUSINESS_SERVICES:
        await asyncio.to_thread(upgrade, name, database_urls[name])
    services = {
        name: start_service_process(name, database_urls[name], bootstrap, namespace, log_dir, extra_env or {})
        for name in BUSINESS_SERVICES
    }
    try:
        await asyncio.gather(*(wait_until_ready(s) for s in services.values()))
        if board:
            await asyncio.to_thread(upgrade, BOARD, database_urls[BOARD])
            env = {**(extra_env or {}), **board_env(services)}
            services[BOARD] = start_service_process(BOARD, database_urls[BOARD], bootstrap, namespace,
                                                    log_dir, env)
            await wait_until_ready(services[BOARD])
    except BaseException:
        for service in services.values():  # a stack that did not come up leaves no process behind
            stop_process(service)
        raise
    return RunningStack(services, bootstrap, namespace)


def stop_process(service: ServiceProcess) -> None:
    if service.process is not None and service.process.poll() is None:
        service.process.terminate()
        try:
            service.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            service.process.kill()
            service.process.wait()
