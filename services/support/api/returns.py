"""Returns (RMA): requested -> approved | rejected -> received -> inspected -> restocked
(or needs_attention when inventory refuses the inspection)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from services.support.api.deps import ReadUow, SettingsDep, StorefrontOrSupport, Writer, WriteUow
from services.support.schemas import (
    InspectIn,
    ReceiveIn,
    RejectIn,
    ReturnIn,
    ReturnOut,
    ReturnStatus,
)
from services.support.service import returns as service
from shared.http.pagination import Cursor, Limit, Page
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1/returns", tags=["returns"])
TRANSITION_ERRORS = problem_responses(401, 403, 404, 409, 422)


@router.post(
    "", status_code=201, response_model=ReturnOut, summary="Request a return",
    description="Creates a return in status `requested` (one line per SKU, each with an optional "
                "customer `comment`) and publishes `support.return.requested.v1` without the customer "
                "reference. A SKU inventory has never announced is refused (422, naming the known "
                "SKUs in `known_skus`, the unknown ones in `unknown_skus`); a SKU of the order that "
                "already has an open return is refused (409, naming it in `existing_return_id`). "
                "Damaged, wrong-item and not-as-described lines count towards return trends. "
                "Roles: storefront, support, admin. Accepts `Idempotency-Key`.",
    responses=problem_responses(401, 403, 409, 413, 422),
)
async def request_return(
    body: ReturnIn, uow: WriteUow, settings: SettingsDep, _: StorefrontOrSupport
) -> ReturnOut:
    async with uow:
        requested = await service.request_return(uow, settings, body)
        await uow.commit()
    return ReturnOut.of(requested)


@router.get(
    "", response_model=Page[ReturnOut], summary="List returns",
    description="Newest first, optionally by status. Roles: support, admin (returns hold customer "
                "references).",
    responses=problem_responses(401, 403, 422),
)
async def list_returns(
    uow: ReadUow, _: Writer, limit: Limit = 50, cursor: Cursor = None, status: ReturnStatus | None = None,
) -> Page[ReturnOut]:
    async with uow:
        found, next_cursor = await service.list_returns(uow, status, limit, cursor)
    return Page[ReturnOut](items=[ReturnOut.of(r) for r in found], next_cursor=next_cursor)


@router.get(
    "/{return_id}", response_model=ReturnOut, summary="Read a return",
    description="One return with its lines. Roles: storefront, support, admin.",
    responses=problem_responses(401, 403, 404, 422),
)
async def read_return(return_id: uuid.UUID, uow: ReadUow, _: StorefrontOrSupport) -> ReturnOut:
    async with uow:
        found = await service.read_return(uow, return_id)
    return ReturnOut.of(found)


@router.post(
    "/{return_id}/approve", response_model=ReturnOut, summary="Approve a return",
    description="From `requested` only. Roles: support, admin.", responses=TRANSITION_ERRORS,
)
async def approve_return(return_id: uuid.UUID, uow: WriteUow, _: Writer) -> ReturnOut:
    async with uow:
        approved = await service.approve_return(uow, return_id)
        await uow.commit()
    return ReturnOut.of(approved)


@router.post(
    "/{return_id}/reject", response_model=ReturnOut, summary="Reject a return",
    description="From `requested` only, with a reason. Roles: support, admin.",
    responses=TRANSITION_ERRORS,
)
async def reject_return(return_id: uuid.UUID, body: RejectIn, uow: WriteUow, _: Writer) -> ReturnOut:
    async with uow:
        rejected = await service.reject_return(uow, return_id, body.reason)
        await uow.commit()
    return ReturnOut.of(rejected)


@router.post(
    "/{return_id}/receive", response_model=ReturnOut, summary="Record the goods as received",
    description="From `approved` (or `needs_attention`, after inventory refused the inspection), "
                "naming the warehouse that received them; a warehouse inventory has never announced "
                "is refused (422, naming the known ones in `known_warehouses`). Roles: support, admin.",
    responses=TRANSITION_ERRORS,
)
async def receive_return(return_id: uuid.UUID, body: ReceiveIn, uow: WriteUow, _: Writer) -> ReturnOut:
    async with uow:
        received = await service.receive_return(uow, return_id, body.warehouse)
        await uow.commit()
    return ReturnOut.of(received)


@router.post(
    "/{return_id}/inspect", response_model=ReturnOut, summary="Record the inspection",
    description="From `received` (or `needs_attention`, to correct a refused inspection). Per "
                "SKU, the inspected units (resellable plus damaged) cannot exceed the requested ones "
                "(409). Publishes `support.return.inspected.v1`, on which "
                "inventory restocks the resellable units; the return becomes `restocked` when "
                "inventory has processed it, or `needs_attention` with `attention_reasons` when "
                "inventory refused it. Roles: support, admin.",
    responses=TRANSITION_ERRORS,
)
async def inspect_return(return_id: uuid.UUID, body: InspectIn, uow: WriteUow, _: Writer) -> ReturnOut:
    async with uow:
        inspected = await service.inspect_return(uow, return_id, body)
        await uow.commit()
    return ReturnOut.of(inspected)
