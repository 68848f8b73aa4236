"""The four services as the demo calls them: one client per service, each team with its own key."""

from __future__ import annotations

import asyncio
import importlib
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx

SERVICES = ("marketing", "inventory", "support", "content")
T = TypeVar("T")


class DemoFailed(Exception):
    """The demo cannot go on; the message says what did not happen."""


class StackNotRunning(DemoFailed):
    """No service answers at the configured address."""


def service_urls() -> dict[str, str]:
    """`DEMO_<SERVICE>_URL` when set, else the port the service's own settings give."""
    urls = {}
    for name in SERVICES:
        override = os.environ.get(f"DEMO_{name.upper()}_URL")
        if override:
            urls[name] = override.rstrip("/")
        else:
            settings = importlib.import_module(f"services.{name}.settings").Settings()
            urls[name] = f"http://127.0.0.1:{settings.port}"
    return urls


def board_url() -> str:
    """`DEMO_BOARD_URL` when set, else the port of the board's settings (8005 by default)."""
    override = os.environ.get("DEMO_BOARD_URL")
    if override:
        return override.rstrip("/")
    try:
        settings = importlib.import_module("services.board.settings").Settings()
    except ImportError:
        return "http://127.0.0.1:8005"
    return f"http://127.0.0.1:{settings.port}"


def wait_seconds() -> float:
    """How long any one step may take before the demo gives up (`DEMO_WAIT_SECONDS`)."""
    return float(os.environ.get("DEMO_WAIT_SECONDS", "60"))


class Services:
    """HTTP access to the running services; any refusal stops the demo with the problem detail."""

    def __init__(self, urls: dict[str, str]) -> None:
        self.urls = urls
        self.clients = {name: httpx.AsyncClient(base_url=url, timeout=30) for name, url in urls.items()}
        self.patience = wait_seconds()

    async def close(self) -> None:
        for client in self.clients.values():
            await client.aclose()

    async def check_running(self) -> None:
        down = []
        for name, client in self.clients.items():
            try:
                ready = await client.get("/readyz", timeout=5)
            except httpx.HTTPError:
                down.append(f"{name} ({self.urls[name]}) does not answer")
                continue
            if ready.status_code != 200:
                down.append(f"{name} ({self.urls[name]}) is not ready: {ready.text[:200]}")
        if down:
            raise StackNotRunning(
                "The services are not running: " + "; ".join(down) + ".\n"
                "Start them with `make run` in another terminal, wait for \"The stack is up\", "
                "then run `make demo` again."
            )

    async def answers(self, url: str) -> bool:
        """Whether something serves `url` at all (the board is a page, not one of the four APIs)."""
        try:
            async with httpx.AsyncClient(timeout=5) as client:
                await client.get(f"{url}/readyz")
        except httpx.HTTPError:
            return False
        return True

    async def call(self, service: str, method: str, path: str, role: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer dev-{role}"}
        response = await self.clients[service].request(method, path, headers=headers, **kwargs)
        if response.status_code >= 400:
            try:
                problem = response.json().get("detail", response.text)
            except ValueError:
                problem = response.text
            raise DemoFailed(f"{service} refused {method} {path} ({response.status_code}): {problem}")
        return response.json() if response.content else None

    async def every(self, service: str, path: str, role: str, **params: Any) -> list[dict[str, Any]]:
        """All items of a paginated list."""
        found: list[dict[str, Any]] = []
        cursor = None
        while True:
            query = {**params, "limit": 200, **({"cursor": cursor} if cursor else {})}
            page = await self.call(service, "GET", path, role, params=query)
            found.extend(page["items"])
            cursor = page["next_cursor"]
            if not cursor:
                return found

    async def until(self, waiting_for: str, probe: Callable[[], Awaitable[T | None]]) -> T:
        """Ask `probe` again until it returns something, or give up after the patience."""
        deadline = time.monotonic() + self.patience
        while True:
            found = await probe()
            if found:
                return found
            if time.monotonic() > deadline:
                raise DemoFailed(f"Gave up after {self.patience:g} s waiting for {waiting_for}.")
            await asyncio.sleep(0.2)
