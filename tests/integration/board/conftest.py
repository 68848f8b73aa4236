"""Helpers of the board tests: signing in through the form, serving an app over real HTTP."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import uvicorn
from fastapi import FastAPI

from tests.support.broker import free_port

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(page: str) -> str:
    found = CSRF.search(page)
    assert found, "the page has no csrf_token field"
    return html.unescape(found.group(1))


async def sign_in(client: httpx.AsyncClient, api_key: str) -> httpx.Response:
    form = await client.get("/login")
    return await client.post("/login", data={"api_key": api_key, "csrf_token": csrf_token(form.text)})


def flash(page: str) -> tuple[str, str] | None:
    """(role, text) of the page's flash message."""
    found = re.search(r'<div data-testid="flash" role="(status|alert)"[^>]*>(.*?)</div>', page, re.S)
    return None if found is None else (found.group(1), html.unescape(found.group(2)).strip())


@asynccontextmanager
async def serve(app: FastAPI) -> AsyncIterator[str]:
    """The app (whose lifespan already runs) on a local port, for calls over real HTTP."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off",
                                           log_level="warning", timeout_graceful_shutdown=1))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
