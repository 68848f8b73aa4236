"""Advisories: heads-ups for support agents about campaigns, stock-outs and broken pages."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query
from sqlalchemy import or_

from services.support.api.deps import SupportOnly
from services.support.repository import get_advisory, newest_first_page, now
from services.support.schemas import AdvisoryKind, AdvisoryOut
from services.support.tables import advisories
from shared.errors import NotFound
from shared.http.auth import AnyRole
from shared.http.deps import UowDep
from shared.http.pagination import Cursor, Limit, Page
from shared.http.problems import problem_responses

router = APIRouter(prefix="/advisories", tags=["advisories"])


@router.get(
    "", response_model=Page[AdvisoryOut], summary="List advisories",
    description="Newest first. `active=true` keeps advisories valid now (started and not ended), "
                "`active=false` the ended ones; filter by campaign and kind. Every role may read.",
    responses=problem_responses(401, 422), dependencies=[AnyRole],
)
async def list_advisories(
    uow: UowDep, limit: Limit = 50, cursor: Cursor = None,
    active: bool | None = Query(None, description="Only advisories valid now (true) or ended (false)."),
    campaign_id: str | None = Query(None, max_length=100, pattern=r"^[A-Za-z0-9._:-]+$"),
    kind: AdvisoryKind | None = None,
) -> Page[AdvisoryOut]:
    conditions = []
    moment = now()
    valid_now = (advisories.c.valid_from <= moment) & or_(
        advisories.c.valid_until.is_(None), advisories.c.valid_until > moment
    )
    if active is not None:
        conditions.append(valid_now if active else ~valid_now)
    if campaign_id is not None:
        conditions.append(advisories.c.campaign_id == campaign_id)
    if kind is not None:
        conditions.append(advisories.c.kind == kind)
    async with uow:
        rows, next_cursor = await newest_first_page(uow, advisories, conditions, limit, cursor)
    return Page[AdvisoryOut](items=[AdvisoryOut(**r) for r in rows], next_cursor=next_cursor)


@router.get(
    "/{advisory_id}", response_model=AdvisoryOut, summary="Read an advisory",
    description="One advisory by id. Every role may read.",
    responses=problem_responses(401, 404, 422), dependencies=[AnyRole],
)
async def read_advisory(advisory_id: uuid.UUID, uow: UowDep) -> AdvisoryOut:
    async with uow:
        found = await get_advisory(uow, str(advisory_id))
    if found is None:
        raise NotFound(f"No advisory {advisory_id}.")
    return AdvisoryOut(**found)


@router.post(
    "/{advisory_id}/acknowledge", response_model=AdvisoryOut, summary="Acknowledge an advisory",
    description="Records that the support team has read the advisory (again idempotent: the first "
                "acknowledgement time stays). An escalation in severity clears it. Roles: support, admin.",
    responses=problem_responses(401, 403, 404, 422),
)
async def acknowledge_advisory(advisory_id: uuid.UUID, uow: UowDep, _: SupportOnly) -> AdvisoryOut:
    async with uow:
        found = await get_advisory(uow, str(advisory_id))
        if found is None:
            raise NotFound(f"No advisory {advisory_id}.")
        if found["acknowledged_at"] is None:
            found["acknowledged_at"] = now()
            await uow.execute(advisories.update().where(advisories.c.id == found["id"])
                              .values(acknowledged_at=found["acknowledged_at"]))
            await uow.commit()
    return AdvisoryOut(**found)
