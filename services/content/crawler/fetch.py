"""HTTP fetching with a timeout, manual redirects (each hop guarded), a body cap and polite limits."""

from __future__ import annotations

import asyncio
import functools
import ssl
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from services.content.crawler.guard import PinnedBackend, UnsafeTarget, UrlGuard

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# A response whose body is not kept (HEAD, a redirect, a GET that only asks for the status) is
# still read to its end when that end comes within this many bytes: a connection is reused only
# after its response was read completely, otherwise every such request opened a new connection.
DRAIN_BYTES = 64 * 1024


@dataclass(frozen=True)
class FetchLimits:
    timeout_seconds: float
    max_redirects: int
    max_bytes: int
    concurrency: int
    per_host_concurrency: int
    user_agent: str


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int | None
    elapsed: float
    body: bytes = b""
    content_type: str = ""
    error: str | None = None

    @property
    def failed(self) -> bool:
        """No answer at all, or an error status."""
        return self.status is None or self.status >= 400


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The certificate-verifying TLS context every fetcher uses, built once per process: loading
    the CA bundle takes tens of milliseconds of CPU, which each campaign check used to spend."""
    return httpx.create_ssl_context()


class HostSlots:
    """Requests in flight per host; one instance shared by several fetchers (concurrent campaign
    checks) keeps them from hammering a host they have in common."""

    def __init__(self, per_host: int) -> None:
        self._per_host = per_host
        self._hosts: dict[str, asyncio.Semaphore] = {}

    def of(self, url: str) -> asyncio.Semaphore:
        host = urlsplit(url).netloc.lower()
        return self._hosts.setdefault(host, asyncio.Semaphore(self._per_host))


class Fetcher:
    """One per crawl or check; holds the HTTP client, the global semaphore and the per-host ones
    (its own, or `host_slots` shared with other fetchers)."""

    def __init__(self, limits: FetchLimits, guard: UrlGuard, host_slots: HostSlots | None = None) -> None:
        self._limits = limits
        self._guard = guard
        self._global = asyncio.Semaphore(limits.concurrency)
        self._hosts = host_slots or HostSlots(limits.per_host_concurrency)
        transport = httpx.AsyncHTTPTransport(verify=tls_context(), limits=httpx.Limits(
            max_connections=limits.concurrency, max_keepalive_connections=limits.concurrency
        ))
        # httpx has no public hook for the network backend; the pool's is replaced so every
        # connection goes to an address the guard checked (see PinnedBackend).
        transport._pool._network_backend = PinnedBackend(guard)
        self._client = httpx.AsyncClient(
            transport=transport, follow_redirects=False, timeout=limits.timeout_seconds,
            headers={"User-Agent": limits.user_agent},
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def fetch(self, url: str, method: str = "GET", read_body: bool = True) -> FetchResult:
        """Request the URL, following redirects by hand; never raises for network trouble."""
        started = time.monotonic()
        current = url
        try:
            for _ in range(self._limits.max_redirects + 1):
                await self._guard.check(current)
                async with self._limited(current), self._client.stream(method, current) as response:
                    location = response.headers.get("location")
                    if response.status_code in REDIRECT_STATUSES and location:
                        await self._drain(response)
                        current = urljoin(current, location)
                        continue
                    body = await self._read(response) if read_body else await self._drain(response)
                    return FetchResult(
                        url, current, response.status_code, time.monotonic() - started, body,
                        response.headers.get("content-type", ""),
                    )
            return self._failure(url, current, started, f"more than {self._limits.max_redirects} redirects")
        except UnsafeTarget as refused:
            return self._failure(url, current, started, f"refused: {refused}")
        except httpx.TimeoutException:
            return self._failure(url, current, started, "timed out")
        except (httpx.HTTPError, OSError, ValueError) as error:
            # httpx raises ValueError-family errors for URLs it cannot request; both mean no answer.
            return self._failure(url, current, started, f"{type(error).__name__}: {error}"[:300])

    async def status_of(self, url: str) -> FetchResult:
        """HEAD, falling back to GET (without keeping the body) when HEAD is refused or fails."""
        head = await self.fetch(url, method="HEAD", read_body=False)
        if not head.failed or (head.error and head.error.startswith("refused")):
            return head
        return await self.fetch(url, method="GET", read_body=False)

    @asynccontextmanager
    async def _limited(self, url: str) -> AsyncIterator[None]:
        async with self._global, self._hosts.of(url):
            yield

    async def _read(self, response: httpx.Response) -> bytes:
        """The body up to the cap; the rest is never downloaded."""
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size >= self._limits.max_bytes:
                break
        return b"".join(chunks)[: self._limits.max_bytes]

    @staticmethod
    async def _drain(response: httpx.Response) -> bytes:
        """Read and drop a small body so its connection can serve the next request; a larger one
        is left unread (its connection is closed instead of downloading it)."""
        size = 0
        async for chunk in response.aiter_raw():
            size += len(chunk)
            if size > DRAIN_BYTES:
                break
        return b""

    @staticmethod
    def _failure(url: str, current: str, started: float, error: str) -> FetchResult:
        return FetchResult(url, current, None, time.monotonic() - started, error=error)
