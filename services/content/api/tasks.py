"""Content tasks: list them and move them along (open, in progress, done)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select, update

from services.content import domain, repository
from services.content.api.deps import ContentWriter, IdPath
from services.content.schemas import TaskKind, TaskOut, TaskPatch, TaskStatus
from services.content.tables import tasks
from shared.errors import Conflict, NotFound
from shared.http.auth import AnyRole
from shared.http.deps import UowDep
from shared.http.pagination import Cursor, Limit, Page, decode_cursor, page_of
from shared.http.problems import problem_responses

router = APIRouter(tags=["tasks"])


def task_out(row: Any) -> TaskOut:
    values = dict(row._mapping)
    values["created_at"], values["updated_at"] = repository.as_utc(row.created_at), repository.as_utc(
        row.updated_at
    )
    return TaskOut.model_validate(values)


@router.get(
    "/tasks", summary="List content tasks", description="Tasks filtered by status and kind.",
    responses=problem_responses(401, 422), dependencies=[AnyRole],
)
async def list_tasks(
    uow: UowDep, limit: Limit = 50, cursor: Cursor = None, status: TaskStatus | None = None,
    kind: TaskKind | None = None,
) -> Page[TaskOut]:
    query = select(tasks).order_by(tasks.c.id).limit(limit + 1)
    if status is not None:
        query = query.where(tasks.c.status == status)
    if kind is not None:
        query = query.where(tasks.c.kind == kind)
    after = decode_cursor(cursor, 1)
    if after is not None:
        query = query.where(tasks.c.id > str(after[0]))
    async with uow:
        rows = list((await uow.execute(query)).all())
    items, next_cursor = page_of(rows, limit, lambda row: [row.id])
    return Page[TaskOut](items=[task_out(row) for row in items], next_cursor=next_cursor)


@router.patch(
    "/tasks/{task_id}", summary="Update a task",
    description="Sets the status (open, in_progress, done) and optionally the assignee. A done task "
    "stays done (409): a new problem opens a new task.",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def patch_task(task_id: IdPath, body: TaskPatch, uow: UowDep, _: ContentWriter) -> TaskOut:
    async with uow:
        row = (await uow.execute(select(tasks).where(tasks.c.id == task_id))).first()
        if row is None:
            raise NotFound(f"There is no task {task_id}.")
        if not domain.can_move_task(row.status, body.status):
            raise Conflict(f"Task {task_id} is done; it cannot become {body.status} again.")
        values: dict[str, Any] = {"status": body.status, "updated_at": repository.now()}
        if body.assignee is not None:
            values["assignee"] = body.assignee
        await uow.execute(update(tasks).where(tasks.c.id == row.id).values(**values))
        updated = (await uow.execute(select(tasks).where(tasks.c.id == row.id))).one()
        await uow.commit()
    return task_out(updated)
