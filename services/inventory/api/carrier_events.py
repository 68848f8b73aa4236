"""Carrier tracking intake: the scans of parcels on their way."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Response

from services.inventory.api.deps import Writer, WriteUow
from services.inventory.schemas.fulfilments import CarrierEventIn, CarrierEventReceived, Fulfilment
from services.inventory.service import carrier_events
from services.inventory.service.carrier_events import Scan
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1/carrier-events", tags=["fulfilments"])


@router.post(
    "", status_code=201, response_model=CarrierEventReceived, summary="Receive a carrier scan",
    description="Idempotent by `(carrier, event_id)`: the same scan again answers 200 and changes "
    "nothing. Scans may arrive late and out of order: the fulfilment's status follows the scan with "
    "the latest `occurred_at` (an older scan is stored and changes nothing), and `delivered` is "
    "final. `attempted_delivery` leaves the parcel `out_for_delivery`; `exception` raises the delay "
    "reason `carrier_exception` at once; any newer scan clears `no_carrier_scan`. An unknown "
    "tracking number of the carrier is a 404 and nothing is stored. Roles: inventory (a carrier "
    "integration uses an inventory key), admin.",
    responses={200: {"description": "Received before; nothing changed.", "model": CarrierEventReceived},
               **problem_responses(401, 403, 404, 422)},
)
async def receive_carrier_event(
    body: CarrierEventIn, uow: WriteUow, _: Writer, response: Response
) -> CarrierEventReceived:
    scan = Scan(body.carrier, body.event_id, body.tracking_number, body.status, body.occurred_at, body.detail)
    async with uow:
        outcome = await carrier_events.receive(uow, scan)
        await uow.commit()
    response.status_code = 201 if outcome.new else 200
    found = outcome.fulfilment
    fulfilment = Fulfilment.model_validate({**asdict(found), "delayed": bool(found.delay_reasons)})
    return CarrierEventReceived(carrier=body.carrier, event_id=body.event_id, duplicate=not outcome.new,
                                fulfilment=fulfilment)
