"""Request and response models of fulfilments and carrier tracking."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StrictInt, model_validator

from services.inventory.schemas import VISIBLE_ASCII, Strict

# Free text: no control characters and not only spaces.
TEXT = r"^[^\x00-\x1f\x7f]*[^\x00-\x20\x7f][^\x00-\x1f\x7f]*$"
FulfilmentStatus = Literal["awaiting_pick", "picked", "packed", "shipped", "in_transit",
                           "out_for_delivery", "delivered", "exception", "cancelled"]
ServiceLevel = Literal["standard", "express"]
ExceptionKind = Literal["lost", "damaged_in_transit", "address_problem", "returned_to_sender", "other"]
ScanStatus = Literal["in_transit", "out_for_delivery", "delivered", "attempted_delivery", "exception"]
DelayReason = Literal["not_shipped_in_time", "no_carrier_scan", "late_delivery", "carrier_exception"]


def _in_utc(moment: datetime) -> datetime:
    try:
        in_utc = moment.astimezone(UTC)
    except OverflowError as error:
        raise ValueError("the moment is out of range") from error
    if not 1970 <= in_utc.year <= 9998:
        raise ValueError("the moment must lie between 1970 and 9998")
    return in_utc


Moment = Annotated[AwareDatetime, AfterValidator(_in_utc)]
OrderRef = Annotated[str, Field(min_length=1, max_length=100, pattern=VISIBLE_ASCII,
                                examples=["ORD-2026-0001"])]
Carrier = Annotated[str, Field(min_length=1, max_length=100, pattern=TEXT, examples=["DHL"])]
TrackingNumber = Annotated[str, Field(min_length=1, max_length=100, pattern=VISIBLE_ASCII,
                                      examples=["JD014600006281234567"])]


class FulfilmentIn(Strict):
    order_ref: OrderRef
    reservation_id: str = Field(pattern=r"^[0-9a-fA-F-]{1,36}$", description="An active reservation.")
    ship_by: Moment = Field(description="When the parcel must have left the warehouse.")
    deliver_by: Moment | None = Field(None, description="When the customer must have it.")
    service_level: ServiceLevel = "standard"

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "order_ref": "ORD-2026-0001", "reservation_id": "8f7c1f0e-2b1a-4c55-9a53-1b3a0c2d4e5f",
        "ship_by": "2026-12-02T16:00:00Z", "deliver_by": "2026-12-04T18:00:00Z",
        "service_level": "express",
    }]})

    @model_validator(mode="after")
    def _delivery_after_shipping(self) -> FulfilmentIn:
        if self.deliver_by is not None and self.deliver_by < self.ship_by:
            raise ValueError("deliver_by must not be before ship_by")
        return self


class PackIn(Strict):
    packages: StrictInt = Field(ge=1, le=100, description="Number of parcels.")

    model_config = ConfigDict(json_schema_extra={"examples": [{"packages": 2}]})


class ShipIn(Strict):
    carrier: Carrier
    tracking_number: TrackingNumber
    tracking_url: str | None = Field(None, max_length=2000, pattern=r"^https?://[\x21-\x7e]+$")

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "carrier": "DHL", "tracking_number": "JD014600006281234567",
        "tracking_url": "https://www.dhl.de/track?piececode=JD014600006281234567",
    }]})


class ExceptionIn(Strict):
    kind: ExceptionKind
    detail: str | None = Field(None, min_length=1, max_length=500, pattern=TEXT)

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"kind": "damaged_in_transit", "detail": "Box crushed, customer refused it."}]})


class CancelIn(Strict):
    reason: str = Field(min_length=1, max_length=500, pattern=TEXT)

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"reason": "Order cancelled by the customer."}]})


class Fulfilment(BaseModel):
    id: str
    order_ref: str
    reservation_id: str
    warehouse: str
    status: FulfilmentStatus
    service_level: ServiceLevel
    ship_by: datetime
    deliver_by: datetime | None
    packages: int | None
    carrier: str | None
    tracking_number: str | None
    tracking_url: str | None
    exception_kind: ExceptionKind | None
    exception_detail: str | None
    cancel_reason: str | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    latest_scan_at: datetime | None = Field(description="`occurred_at` of the latest carrier scan.")
    delayed: bool
    delay_reasons: list[DelayReason]
    created_at: datetime
    updated_at: datetime


class CarrierEventIn(Strict):
    carrier: Carrier
    event_id: str = Field(min_length=1, max_length=200, pattern=VISIBLE_ASCII,
                          description="The carrier's id of this scan; with `carrier`, the intake's "
                          "idempotency key.")
    tracking_number: TrackingNumber
    status: ScanStatus = Field(description="`attempted_delivery` leaves the parcel `out_for_delivery`.")
    occurred_at: Moment
    detail: str | None = Field(None, min_length=1, max_length=500, pattern=TEXT)

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "carrier": "DHL", "event_id": "scan-000123", "tracking_number": "JD014600006281234567",
        "status": "in_transit", "occurred_at": "2026-12-03T07:45:00Z", "detail": "Hub Leipzig",
    }]})


class CarrierEventReceived(BaseModel):
    carrier: str
    event_id: str
    duplicate: bool = Field(description="True when this scan was received before; nothing changed.")
    fulfilment: Fulfilment
