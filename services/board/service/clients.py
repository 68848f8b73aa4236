"""Calls to the owning services' public APIs, always with the signed-in person's key."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from shared import context


@dataclass(frozen=True)
class Answer:
    """What a service said, in words a person can act on."""

    ok: bool
    status: int | None
    message: str
    body: Any = None
    field_errors: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "; ".join([self.message, *self.field_errors])


class ServiceClients:
    def __init__(self, client: httpx.AsyncClient, base_urls: dict[str, str]) -> None:
        self._client = client
        self._base_urls = base_urls

    async def call(
        self, service: str, method: str, path: str, api_key: str, json: Any = None,
        params: dict[str, str] | None = None,
    ) -> Answer:
        headers = {"Authorization": f"Bearer {api_key}",
                   "X-Correlation-ID": context.correlation_id.get() or str(uuid.uuid4())}
        if method == "POST":
            headers["Idempotency-Key"] = str(uuid.uuid4())
        url = self._base_urls[service].rstrip("/") + path
        try:
            response = await self._client.request(method, url, headers=headers, json=json, params=params)
        except httpx.HTTPError:
            return Answer(False, None, f"{service} is not reachable")
        return _answer(service, response)


def _answer(service: str, response: httpx.Response) -> Answer:
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.is_success:
        return Answer(True, response.status_code, "done", body)
    problem = body if isinstance(body, dict) else {}
    detail = str(problem.get("detail") or f"{service} answered {response.status_code}")
    if response.status_code >= 500:
        detail = f"{service} could not do it ({response.status_code}): {detail}"
    errors = [f"{e.get('field', '').removeprefix('body.')}: {e.get('message', '')}"
              for e in problem.get("errors") or [] if isinstance(e, dict)]
    return Answer(False, response.status_code, detail, body, errors)
