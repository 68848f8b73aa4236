"""Quality alerts for the warehouse team, from support's return trends."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path

from services.inventory.api.deps import Reader, ReadUow, Writer, WriteUow
from services.inventory.schemas.quality import AlertKind, AlertStatus, QualityAlert, QualityAlertPatch
from services.inventory.service import quality
from shared.http.pagination import Cursor, Limit, Page, decode_keyset, page_of
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1/quality-alerts", tags=["quality alerts"])

AlertId = Annotated[str, Path(pattern=r"^[0-9a-fA-F-]{1,36}$", description="The alert id (a UUID).")]


@router.get(
    "", response_model=Page[QualityAlert], summary="List quality alerts",
    description="Raised by support's return trends: `damaged` returns make a `packaging` alert, "
    "`wrong_item` returns a `picking` alert; at most one unresolved alert per kind and SKU, "
    "refreshed by each new trend. Newest first, paginated. Any authenticated role.",
    responses=problem_responses(401, 422),
)
async def list_alerts(
    uow: ReadUow, _: Reader, limit: Limit = 50, cursor: Cursor = None,
    status: AlertStatus | None = None, kind: AlertKind | None = None,
) -> Page[QualityAlert]:
    after = decode_keyset(cursor, datetime, str)
    async with uow:
        rows = await quality.page(uow, status, kind, None if after is None else (after[0], after[1]),
                                  limit + 1)
    page, next_cursor = page_of(rows, limit, lambda row: [row.first_trend_at, row.id])
    return Page[QualityAlert](items=[QualityAlert.model_validate(row, from_attributes=True) for row in page],
                              next_cursor=next_cursor)


@router.patch(
    "/{alert_id}", response_model=QualityAlert, summary="Work on a quality alert",
    description="Move an alert between `open`, `investigating` and `resolved`, with an optional "
    "note (it replaces the previous one). A resolved alert is closed for good (409 with "
    "`current_status`); a new trend then opens a new alert. Roles: inventory, admin.",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def patch_alert(alert_id: AlertId, body: QualityAlertPatch, uow: WriteUow, _: Writer) -> QualityAlert:
    async with uow:
        found = await quality.change_status(uow, alert_id, body.status, body.note)
        await uow.commit()
    return QualityAlert.model_validate(found, from_attributes=True)
