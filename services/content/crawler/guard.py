"""SSRF guard: only http(s), and no private, loopback or link-local targets unless allowed."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlsplit

import httpcore
from httpcore import SOCKET_OPTION

Resolver = Callable[[str, int], Awaitable[list[str]]]
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeTarget(Exception):
    """A URL the checker refuses to request."""


async def resolve(host: str, port: int) -> list[str]:
    """Every address the host name resolves to."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return is_public(address.ipv4_mapped)
    return not (
        address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
        or address.is_reserved or address.is_unspecified
    )


class UrlGuard:
    """Checks a URL before each request, redirect hops included."""

    def __init__(
        self, allow_private: bool, allowed_hosts: Iterable[str] = (), resolver: Resolver = resolve
    ) -> None:
        self._allow_private = allow_private
        self._allowed_hosts = {host.lower().strip("[]") for host in allowed_hosts}
        self._resolver = resolver

    def admits_any_address(self, host: str) -> bool:
        return self._allow_private or host.lower().strip("[]") in self._allowed_hosts

    async def public_address(self, host: str, port: int) -> str:
        """One checked address of the host, to connect to; raises UnsafeTarget when any is not public."""
        addresses = await self._addresses(host.lower().strip("[]"), port)
        for address in addresses:
            if not is_public(address):
                raise UnsafeTarget(f"{host} resolves to the non-public address {address}")
        return str(addresses[0])

    async def check(self, url: str) -> None:
        """Raise UnsafeTarget unless the URL may be requested."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise UnsafeTarget(f"only http and https URLs are checked, not {parts.scheme or 'none'}")
        host = (parts.hostname or "").lower()
        if not host:
            raise UnsafeTarget("the URL has no host")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as error:
            raise UnsafeTarget("the URL has an invalid port") from error
        if not self.admits_any_address(host):
            await self.public_address(host, port)

    async def _addresses(self, host: str, port: int) -> list[Address]:
        try:
            return [ipaddress.ip_address(host)]
        except ValueError:
            pass
        try:
            resolved = await self._resolver(host, port)
        except (OSError, UnicodeError) as error:
            raise UnsafeTarget(f"{host} does not resolve") from error
        if not resolved:
            raise UnsafeTarget(f"{host} does not resolve")
        return [ipaddress.ip_address(address.split("%")[0]) for address in resolved]


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connects only to addresses the guard checked at connect time, so DNS rebinding cannot slip
    a private address in between the URL check and the connection."""

    def __init__(self, guard: UrlGuard) -> None:
        self._guard = guard
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: Iterable[SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        # TLS still verifies the certificate against the URL's host name (httpcore passes it as SNI).
        target = host
        if not self._guard.admits_any_address(host):
            target = await self._guard.public_address(host, port)
        return await self._inner.connect_tcp(target, port, timeout, local_address, socket_options)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None,
        socket_options: Iterable[SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise UnsafeTarget("unix sockets are never used by the checker")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
