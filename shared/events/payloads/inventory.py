"""Payloads published on `inventory.events` (subject: SKU, campaign id or return id)."""


from typing import Literal

from pydantic import AwareDatetime

from shared.events.payloads.base import Payload

CheckOverall = Literal["ok", "at_risk", "insufficient"]
ItemCheckStatus = Literal["ok", "at_risk", "insufficient", "unknown_sku", "unknown_demand"]


class StockChanged(Payload):
    sku: str
    warehouse: str
    delta: int
    reason: str
    reference: str | None = None
    on_hand: int
    reserved: int
    available: int
    total_available: int


class StockLow(Payload):
    sku: str
    total_available: int
    threshold: int


class StockDepleted(Payload):
    sku: str


class StockReplenished(Payload):
    sku: str
    total_available: int
    threshold: int


class ItemCheck(Payload):
    sku: str
    expected_units: int | None = None
    estimated: bool
    available: int
    safety_stock: int
    competing_units: int
    coverage: float | None = None
    status: ItemCheckStatus
    projected_stockout_at: AwareDatetime | None = None


class CampaignCheckCompleted(Payload):
    campaign_id: str
    request_id: str
    overall: CheckOverall
    items: list[ItemCheck]


class ProcessedLine(Payload):
    sku: str
    qty: int
    disposition: Literal["restocked", "written_off"]


class ReturnProcessed(Payload):
    return_id: str
    warehouse: str
    lines: list[ProcessedLine]


class ReturnRefused(Payload):
    return_id: str
    reasons: list[str]


class WarehouseChanged(Payload):
    code: str
    name: str
    country: str


FulfilmentStatus = Literal[
    "awaiting_pick", "picked", "packed", "shipped", "in_transit", "out_for_delivery", "delivered",
    "exception", "cancelled",
]
DelayReason = Literal["not_shipped_in_time", "no_carrier_scan", "late_delivery", "carrier_exception"]


class ShipmentLine(Payload):
    sku: str
    qty: int


class FulfilmentStatusChanged(Payload):
    fulfilment_id: str
    order_ref: str
    warehouse: str
    status: FulfilmentStatus
    carrier: str | None = None
    tracking_number: str | None = None
    tracking_url: str | None = None
    ship_by: AwareDatetime
    deliver_by: AwareDatetime | None = None
    occurred_at: AwareDatetime
    # What the parcel holds, and for status `exception` its kind (e.g. `damaged_in_transit`,
    # which support counts as damaged return lines).
    lines: list[ShipmentLine] = []
    exception_kind: str | None = None


class FulfilmentDelayed(Payload):
    fulfilment_id: str
    order_ref: str
    warehouse: str
    carrier: str | None = None
    reason: DelayReason
    since: AwareDatetime


class FulfilmentDelayCleared(Payload):
    fulfilment_id: str
    order_ref: str
    reason: DelayReason
