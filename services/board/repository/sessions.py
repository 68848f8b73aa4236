"""Sign-in sessions: random id -> API key, role, CSRF token, expiry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from services.board.repository.rows import SessionRow
from services.board.tables import sessions
from shared.uow import UnitOfWork


async def add(uow: UnitOfWork, row: SessionRow, now: datetime) -> None:
    await uow.execute(sessions.insert().values(
        session_id=row.session_id, api_key=row.api_key, role=row.role, csrf_token=row.csrf_token,
        created_at=now, expires_at=row.expires_at,
    ))


async def find(uow: UnitOfWork, session_id: str, now: datetime) -> SessionRow | None:
    found = (await uow.execute(
        select(sessions).where(sessions.c.session_id == session_id, sessions.c.expires_at > now)
    )).first()
    if found is None:
        return None
    return SessionRow(found.session_id, found.api_key, found.role, found.csrf_token, found.expires_at)


async def remove(uow: UnitOfWork, session_id: str) -> None:
    await uow.execute(delete(sessions).where(sessions.c.session_id == session_id))


async def remove_expired(uow: UnitOfWork, now: datetime) -> None:
    await uow.execute(delete(sessions).where(sessions.c.expires_at <= now))
