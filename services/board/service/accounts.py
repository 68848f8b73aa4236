"""Signing in and out: a server-side session per sign-in, its id signed into the cookie."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer

from services.board.repository import sessions
from services.board.repository.rows import SessionRow
from shared.http.auth import KeyRing
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class Session:
    """A signed-in person: the role their key has, and the key the board acts with for them."""

    session_id: str
    role: str
    api_key: str
    csrf_token: str


class CookieSigner:
    """Signs what the board keeps in cookies (the session id, a flash message)."""

    def __init__(self, secret: str) -> None:
        self._sessions = URLSafeSerializer(secret, salt="board-session")
        self._flashes = URLSafeSerializer(secret, salt="board-flash")

    def session_cookie(self, session_id: str) -> str:
        return str(self._sessions.dumps(session_id))

    def session_id(self, cookie: str | None) -> str | None:
        if not cookie:
            return None
        try:
            value = self._sessions.loads(cookie)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None

    def flash_cookie(self, kind: str, text: str) -> str:
        return str(self._flashes.dumps([kind, text[:2000]]))

    def flash(self, cookie: str | None) -> tuple[str, str] | None:
        if not cookie:
            return None
        try:
            kind, text = self._flashes.loads(cookie)
        except (BadSignature, ValueError, TypeError):
            return None
        return str(kind), str(text)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same_token(expected: str, presented: str | None) -> bool:
    return presented is not None and hmac.compare_digest(expected.encode(), presented.encode())


async def sign_in(uow: UnitOfWork, keys: KeyRing, api_key: str, lifetime_hours: float) -> Session | None:
    """A new session for a known key; None for an unknown one."""
    role = keys.role_of(api_key.strip()) if api_key.strip() else None
    if role is None:
        return None
    now = datetime.now(UTC)
    row = SessionRow(new_token(), api_key.strip(), role, new_token(), now + timedelta(hours=lifetime_hours))
    await sessions.remove_expired(uow, now)
    await sessions.add(uow, row, now)
    return Session(row.session_id, row.role, row.api_key, row.csrf_token)


async def find(uow: UnitOfWork, session_id: str) -> Session | None:
    row = await sessions.find(uow, session_id, datetime.now(UTC))
    return None if row is None else Session(row.session_id, row.role, row.api_key, row.csrf_token)


async def sign_out(uow: UnitOfWork, session_id: str) -> None:
    await sessions.remove(uow, session_id)
