"""Returns (RMA): requested -> approved | rejected -> received -> inspected -> restocked."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter

from services.support.api.deps import StorefrontOrSupport, SupportOnly
from services.support.domain.returns import ReturnAction, check_inspection, next_status
from services.support.repository import get_return, newest_first_page, now, returns_with_lines
from services.support.schemas import (
    InspectIn,
    ReceiveIn,
    RejectIn,
    ReturnIn,
    ReturnOut,
    ReturnStatus,
)
from services.support.tables import return_lines, returns
from shared.errors import NotFound
from shared.events.payloads.support import InspectedLine, RequestedLine, ReturnInspected, ReturnRequested
from shared.http.deps import UowDep
from shared.http.pagination import Cursor, Limit, Page
from shared.http.problems import problem_responses
from shared.uow import UnitOfWork

router = APIRouter(prefix="/returns", tags=["returns"])
TRANSITION_ERRORS = problem_responses(401, 403, 404, 409, 422)


def _out(found: dict[str, Any]) -> ReturnOut:
    lines = [{**line, "qty": line["requested_qty"]} for line in found["lines"]]
    return ReturnOut(**{**found, "lines": lines})


@router.post(
    "", status_code=201, response_model=ReturnOut, summary="Request a return",
    description="Creates a return in status `requested` (one line per SKU) and publishes "
                "`support.return.requested.v1` without the customer reference. Roles: storefront, "
                "support, admin. Accepts `Idempotency-Key`.",
    responses=problem_responses(401, 403, 413, 422),
)
async def request_return(body: ReturnIn, uow: UowDep, _: StorefrontOrSupport) -> ReturnOut:
    moment = now()
    return_id = str(uuid.uuid4())
    async with uow:
        await uow.execute(returns.insert().values(
            id=return_id, order_ref=body.order_ref, customer_ref=body.customer_ref, status="requested",
            created_at=moment, updated_at=moment,
        ))
        await uow.execute(return_lines.insert(), [
            {"return_id": return_id, "sku": line.sku, "requested_qty": line.qty, "reason": line.reason}
            for line in body.lines
        ])
        uow.publish("support.return.requested.v1", return_id, ReturnRequested(
            return_id=return_id, order_ref=body.order_ref,
            lines=[RequestedLine(sku=line.sku, qty=line.qty, reason=line.reason) for line in body.lines],
        ))
        found = await get_return(uow, return_id)
        await uow.commit()
    assert found is not None
    return _out(found)


@router.get(
    "", response_model=Page[ReturnOut], summary="List returns",
    description="Newest first, optionally by status. Roles: support, admin (returns hold customer "
                "references).",
    responses=problem_responses(401, 403, 422),
)
async def list_returns(
    uow: UowDep, _: SupportOnly, limit: Limit = 50, cursor: Cursor = None, status: ReturnStatus | None = None,
) -> Page[ReturnOut]:
    conditions = [returns.c.status == status] if status is not None else []
    async with uow:
        rows, next_cursor = await newest_first_page(uow, returns, conditions, limit, cursor)
        found = await returns_with_lines(uow, rows)
    return Page[ReturnOut](items=[_out(r) for r in found], next_cursor=next_cursor)


@router.get(
    "/{return_id}", response_model=ReturnOut, summary="Read a return",
    description="One return with its lines. Roles: storefront, support, admin.",
    responses=problem_responses(401, 403, 404, 422),
)
async def read_return(return_id: uuid.UUID, uow: UowDep, _: StorefrontOrSupport) -> ReturnOut:
    async with uow:
        found = await get_return(uow, str(return_id))
    if found is None:
        raise NotFound(f"No return {return_id}.")
    return _out(found)


async def _transition(
    uow: UnitOfWork, return_id: uuid.UUID, action: ReturnAction, **changes: Any
) -> dict[str, Any]:
    """Move the locked return on by `action`; refuses (409) what its status does not allow."""
    found = await get_return(uow, str(return_id), lock=True)
    if found is None:
        raise NotFound(f"No return {return_id}.")
    status = next_status(found["status"], action)
    changes.update(status=status, updated_at=now())
    await uow.execute(returns.update().where(returns.c.id == found["id"]).values(**changes))
    return {**found, **changes}


@router.post(
    "/{return_id}/approve", response_model=ReturnOut, summary="Approve a return",
    description="From `requested` only. Roles: support, admin.", responses=TRANSITION_ERRORS,
)
async def approve_return(return_id: uuid.UUID, uow: UowDep, _: SupportOnly) -> ReturnOut:
    async with uow:
        found = await _transition(uow, return_id, "approve")
        await uow.commit()
    return _out(found)


@router.post(
    "/{return_id}/reject", response_model=ReturnOut, summary="Reject a return",
    description="From `requested` only, with a reason. Roles: support, admin.",
    responses=TRANSITION_ERRORS,
)
async def reject_return(return_id: uuid.UUID, body: RejectIn, uow: UowDep, _: SupportOnly) -> ReturnOut:
    async with uow:
        found = await _transition(uow, return_id, "reject", rejection_reason=body.reason)
        await uow.commit()
    return _out(found)


@router.post(
    "/{return_id}/receive", response_model=ReturnOut, summary="Record the goods as received",
    description="From `approved` only, naming the warehouse that received them. Roles: support, admin.",
    responses=TRANSITION_ERRORS,
)
async def receive_return(return_id: uuid.UUID, body: ReceiveIn, uow: UowDep, _: SupportOnly) -> ReturnOut:
    async with uow:
        found = await _transition(uow, return_id, "receive", warehouse=body.warehouse)
        await uow.commit()
    return _out(found)


@router.post(
    "/{return_id}/inspect", response_model=ReturnOut, summary="Record the inspection",
    description="From `received` only. Per SKU, the inspected units (resellable plus damaged) cannot "
                "exceed the requested ones (409). Publishes `support.return.inspected.v1`, on which "
                "inventory restocks the resellable units; the return becomes `restocked` when "
                "inventory has processed it. Roles: support, admin.",
    responses=TRANSITION_ERRORS,
)
async def inspect_return(return_id: uuid.UUID, body: InspectIn, uow: UowDep, _: SupportOnly) -> ReturnOut:
    async with uow:
        found = await _transition(uow, return_id, "inspect")
        requested = {line["sku"]: line["requested_qty"] for line in found["lines"]}
        inspected = check_inspection(requested, [(i.sku, i.qty, i.disposition) for i in body.lines])
        by_sku = {t.sku: t for t in inspected}
        for sku in requested:
            totals = by_sku.get(sku)
            # A requested SKU missing from the inspection did not come back: zero of each.
            await uow.execute(return_lines.update().where(
                return_lines.c.return_id == found["id"], return_lines.c.sku == sku,
            ).values(resellable_qty=totals.resellable if totals else 0,
                     damaged_qty=totals.damaged if totals else 0))
        uow.publish("support.return.inspected.v1", found["id"], ReturnInspected(
            return_id=found["id"], warehouse=found["warehouse"], lines=[
                InspectedLine(sku=t.sku, qty=qty, disposition=disposition)
                for t in inspected
                for qty, disposition in ((t.resellable, "resellable"), (t.damaged, "damaged"))
                if qty
            ],
        ))
        inspected_return = await get_return(uow, found["id"])
        await uow.commit()
    assert inspected_return is not None
    return _out(inspected_return)
