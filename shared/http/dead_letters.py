"""Admin endpoints for dead letters: list them, replay one through its handlers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ValidationError
from sqlalchemy import select

from shared.errors import Conflict, NotFound
from shared.events import Envelope
from shared.http.auth import require
from shared.http.pagination import Cursor, Limit, Page, decode_keyset, page_of
from shared.http.problems import problem_responses
from shared.runtime import Backbone

router = APIRouter(prefix="/v1/admin/dead-letters", tags=["dead letters"])


class DeadLetterOut(BaseModel):
    id: str
    topic: str
    partition: int
    offset: int
    key: str | None
    event_id: str | None
    event_type: str | None
    error: str
    attempts: int
    created_at: datetime
    replayed_at: datetime | None
    payload: str


class ReplayOut(BaseModel):
    id: str
    applied: bool
    detail: str


def _out(row: Any) -> DeadLetterOut:
    return DeadLetterOut(**{**dict(row), "payload": bytes(row["payload"]).decode(errors="replace")})


@router.get(
    "", summary="List dead letters", response_model=Page[DeadLetterOut],
    description="Messages this service could not apply, newest first.",
    responses=problem_responses(401, 403, 422),
)
async def list_dead_letters(
    request: Request, limit: Limit = 50, cursor: Cursor = None,
    _: Annotated[str, Depends(require())] = "",
) -> Page[DeadLetterOut]:
    backbone: Backbone = request.app.state.backbone
    table = backbone.tables.dead_letters
    query = select(table).order_by(table.c.created_at.desc(), table.c.id.desc()).limit(limit + 1)
    after = decode_keyset(cursor, datetime, str)
    if after is not None:
        created_at, last_id = after
        query = query.where(
            (table.c.created_at < created_at) | ((table.c.created_at == created_at) & (table.c.id < last_id))
        )
    async with backbone.uow(read_only=True) as uow:
        rows = (await uow.execute(query)).mappings().all()
    page, next_cursor = page_of(list(rows), limit, lambda r: [r["created_at"], r["id"]])
    return Page[DeadLetterOut](items=[_out(r) for r in page], next_cursor=next_cursor)


@router.post(
    "/{dead_letter_id}/replay", summary="Replay a dead letter", response_model=ReplayOut,
    description="Runs the handlers for the stored message again (once: the inbox still "
                "deduplicates). 409 when it cannot be parsed or fails again.",
    responses=problem_responses(401, 403, 404, 409),
)
async def replay_dead_letter(
    request: Request, dead_letter_id: str, _: Annotated[str, Depends(require())] = "",
) -> ReplayOut:
    backbone: Backbone = request.app.state.backbone
    stored = await backbone.dead_letters.get(dead_letter_id)
    if stored is None:
        raise NotFound(f"No dead letter {dead_letter_id}.")
    try:
        envelope = Envelope.from_json(bytes(stored["payload"]))
        backbone.applier.validate(envelope)
    except (ValidationError, KeyError) as error:
        raise Conflict(f"The message still cannot be parsed: {error}") from error
    if not backbone.applier.handles(envelope.type):
        raise Conflict(f"This service has no handler for {envelope.type}.")
    try:
        applied = await backbone.applier.apply(envelope)
    except Exception as error:  # the handler's failure is the answer to the admin
        await backbone.dead_letters.note_failed_replay(dead_letter_id, repr(error))
        raise Conflict(f"The handler failed again: {error!r}") from error
    await backbone.dead_letters.mark_replayed(dead_letter_id)
    return ReplayOut(
        id=dead_letter_id, applied=applied,
        detail="applied" if applied else "already applied earlier; nothing changed",
    )
