"""Carrier tracking intake: scans arrive late, twice and out of order.

Each `(carrier, event_id)` is stored once; a scan seen before changes nothing. The fulfilment's
status follows the scan with the latest `occurred_at` (an older scan is stored, nothing more),
and `delivered` is final. A carrier's `attempted_delivery` leaves the parcel `out_for_delivery`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from services.inventory.domain import fulfilments as rules
from services.inventory.repository import fulfilments
from services.inventory.repository.fulfilments import Fulfilment, Scan
from services.inventory.service import delays
from services.inventory.service.fulfilments import change_status, get
from shared.errors import NotFound
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class ScanOutcome:
    fulfilment: Fulfilment
    new: bool  # False: this (carrier, event_id) was received before, nothing changed


async def receive(uow: UnitOfWork, scan: Scan) -> ScanOutcome:
    """Store a scan and apply it to its fulfilment; an unknown tracking number is a 404."""
    found = await fulfilments.lock_by_tracking(uow, scan.carrier, scan.tracking_number)
    if found is None:
        raise NotFound(f"No shipped fulfilment has tracking number {scan.tracking_number} of "
                       f"{scan.carrier}; nothing was stored.")
    if not await fulfilments.record_scan(uow, found.id, scan, datetime.now(UTC)):
        return ScanOutcome(found, False)
    decision = rules.apply_scan(found.status, scan.status, scan.occurred_at, found.latest_scan_at,
                                found.exception_at)
    if not decision.latest:
        return ScanOutcome(found, True)
    await fulfilments.change(uow, found.id, latest_scan_at=scan.occurred_at)
    await delays.clear(uow, found, {"no_carrier_scan"})
    if decision.status is None:
        return ScanOutcome(await get(uow, found.id), True)
    delivered = {"delivered_at": scan.occurred_at} if decision.status == "delivered" else {}
    changed = await change_status(uow, found, decision.status, scan.occurred_at, **delivered)
    return ScanOutcome(changed, True)
