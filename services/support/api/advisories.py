"""Advisories: heads-ups for support agents about campaigns, stock-outs and broken pages."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query

from services.support.api.deps import Reader, ReadUow, Writer, WriteUow
from services.support.schemas import AdvisoryKind, AdvisoryOut
from services.support.service import advisories as service
from shared.http.pagination import Cursor, Limit, Page
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1/advisories", tags=["advisories"])


@router.get(
    "", response_model=Page[AdvisoryOut], summary="List advisories",
    description="Newest first. `active=true` keeps advisories valid now (started and not ended), "
                "`active=false` the ended ones; filter by campaign and kind. Every role may read.",
    responses=problem_responses(401, 422),
)
async def list_advisories(
    uow: ReadUow, _: Reader, limit: Limit = 50, cursor: Cursor = None,
    active: bool | None = Query(None, description="Only advisories valid now (true) or ended (false)."),
    campaign_id: str | None = Query(None, max_length=100, pattern=r"^[A-Za-z0-9._:-]+$"),
    kind: AdvisoryKind | None = None,
) -> Page[AdvisoryOut]:
    async with uow:
        found, next_cursor = await service.list_advisories(uow, active, campaign_id, kind, limit, cursor)
    return Page[AdvisoryOut](items=[AdvisoryOut.model_validate(a, from_attributes=True) for a in found],
                             next_cursor=next_cursor)


@router.get(
    "/{advisory_id}", response_model=AdvisoryOut, summary="Read an advisory",
    description="One advisory by id. Every role may read.",
    responses=problem_responses(401, 404, 422),
)
async def read_advisory(advisory_id: uuid.UUID, uow: ReadUow, _: Reader) -> AdvisoryOut:
    async with uow:
        found = await service.read_advisory(uow, advisory_id)
    return AdvisoryOut.model_validate(found, from_attributes=True)


@router.post(
    "/{advisory_id}/acknowledge", response_model=AdvisoryOut, summary="Acknowledge an advisory",
    description="Records that the support team has read the advisory (again idempotent: the first "
                "acknowledgement time stays). An escalation in severity clears it. Roles: support, admin.",
    responses=problem_responses(401, 403, 404, 422),
)
async def acknowledge_advisory(advisory_id: uuid.UUID, uow: WriteUow, _: Writer) -> AdvisoryOut:
    async with uow:
        acknowledged = await service.acknowledge_advisory(uow, advisory_id)
        await uow.commit()
    return AdvisoryOut.model_validate(acknowledged, from_attributes=True)
