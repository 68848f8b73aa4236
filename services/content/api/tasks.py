"""Content tasks: list them and move them along (open, in progress, done)."""

from __future__ import annotations

from fastapi import APIRouter

from services.content.api.deps import IdPath, Reader, ReadUow, Writer, WriteUow
from services.content.schemas import TaskKind, TaskOut, TaskPatch, TaskStatus
from services.content.service import tasks
from shared.http.pagination import Cursor, Limit, Page, decode_keyset, page_of
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1", tags=["tasks"])


@router.get(
    "/tasks", summary="List content tasks", description="Tasks filtered by status and kind.",
    responses=problem_responses(401, 422),
)
async def list_tasks(
    uow: ReadUow, _: Reader, limit: Limit = 50, cursor: Cursor = None, status: TaskStatus | None = None,
    kind: TaskKind | None = None,
) -> Page[TaskOut]:
    after = decode_keyset(cursor, str)
    filters = {column: value for column, value in (("status", status), ("kind", kind)) if value is not None}
    async with uow:
        rows = await tasks.list_tasks(uow, limit + 1, after[0] if after else None, filters)
    items, next_cursor = page_of(rows, limit, lambda task: [task.id])
    return Page[TaskOut](items=items, next_cursor=next_cursor)


@router.patch(
    "/tasks/{task_id}", summary="Update a task",
    description="Sets the status (open, in_progress, done) and optionally the assignee. A done task "
    "stays done (409): a new problem opens a new task.",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def patch_task(task_id: IdPath, body: TaskPatch, uow: WriteUow, _: Writer) -> TaskOut:
    async with uow:
        task = await tasks.move_task(uow, task_id, body)
        await uow.commit()
    return task
