"""API-key authentication with roles (SPEC 3): 401 for no or unknown key, 403 for a wrong role."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.errors import Forbidden, Unauthorized

bearer_scheme = HTTPBearer(auto_error=False, description="API key of one role, as `Bearer <key>`.")


class KeyRing:
    """Known API keys; a lookup compares against every key in constant time."""

    def __init__(self, keys: dict[str, str]) -> None:
        self._keys = [(key.encode(), role) for key, role in keys.items()]

    def role_of(self, presented: str) -> str | None:
        candidate = presented.encode()
        found: str | None = None
        for key, role in self._keys:
            if hmac.compare_digest(key, candidate):
                found = role
        return found


async def current_role(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> str:
    if credentials is None or not credentials.credentials:
        raise Unauthorized("Send an API key as `Authorization: Bearer <key>`.")
    role = request.app.state.key_ring.role_of(credentials.credentials)
    if role is None:
        raise Unauthorized("Unknown API key.")
    return str(role)


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
