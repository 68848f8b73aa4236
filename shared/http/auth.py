"""API-key authentication with roles (SPEC 3): 401 for no or unknown key, 403 for a wrong role."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPBearer

from shared.errors import Forbidden, Unauthorized


class KeyRing:
    """Known API keys, found with one dictionary lookup by the key's SHA-256 digest: the time a
    lookup takes tells nothing about how much of a guessed key was right."""

    def __init__(self, keys: dict[str, str]) -> None:
        self._roles = {_digest(key): role for key, role in keys.items()}

    def role_of(self, presented: str) -> str | None:
        return self._roles.get(_digest(presented))


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()


class _BearerRole(HTTPBearer):
    """The `Authorization: Bearer <key>` scheme (as documented in OpenAPI) answering the key's role:
    one dependency to solve per request rather than the scheme and a function depending on it."""

    async def __call__(self, request: Request) -> str:  # type: ignore[override]
        credentials = await super().__call__(request)
        if credentials is None or not credentials.credentials:
            raise Unauthorized("Send an API key as `Authorization: Bearer <key>`.")
        role = request.app.state.key_ring.role_of(credentials.credentials)
        if role is None:
            raise Unauthorized("Unknown API key.")
        return str(role)


current_role = _BearerRole(auto_error=False, scheme_name="HTTPBearer",
                           description="API key of one role, as `Bearer <key>`.")
bearer_scheme = current_role


CurrentRole = Annotated[str, Depends(current_role)]


def require(*roles: str) -> Callable[[str], Coroutine[Any, Any, str]]:
    """A dependency admitting the given roles and `admin`."""
    allowed = {*roles, "admin"}

    async def check(role: CurrentRole) -> str:
        if role not in allowed:
            needed = ", ".join(sorted(allowed))
            raise Forbidden(f"The {role} role may not do this; it needs one of: {needed}.")
        return role

    return check


AnyRole = Depends(current_role)
