"""Request and response models of the inventory API (fulfilments and quality alerts in their
own modules)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from shared.events.payloads.inventory import CampaignCheckCompleted

SKU_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
WAREHOUSE_PATTERN = r"^[A-Z0-9][A-Z0-9-]{0,31}$"
MAX_QTY = 1_000_000

Sku = Annotated[str, Field(pattern=SKU_PATTERN, examples=["SKU-123"])]
WarehouseCode = Annotated[str, Field(pattern=WAREHOUSE_PATTERN, examples=["BER-1"])]
Quantity = Annotated[StrictInt, Field(ge=1, le=MAX_QTY)]
# Free text without control characters (PostgreSQL refuses NUL in text).
PRINTABLE = r"^[^\x00-\x1f\x7f]+$"
VISIBLE_ASCII = r"^[\x21-\x7e]+$"
Reason = Literal["receipt", "shipment", "adjustment", "cycle_count", "damage"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WarehouseIn(Strict):
    name: str = Field(min_length=1, max_length=200, pattern=PRINTABLE)
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code.")

    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "Berlin East", "country": "DE"}]})


class Warehouse(BaseModel):
    code: str
    name: str
    country: str


class ItemIn(Strict):
    name: str = Field(min_length=1, max_length=200, pattern=PRINTABLE)
    low_stock_threshold: StrictInt = Field(10, ge=0, le=MAX_QTY)
    safety_stock: StrictInt = Field(0, ge=0, le=MAX_QTY)

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "Trail running shoe, size 42", "low_stock_threshold": 10, "safety_stock": 5}
    ]})


class Item(BaseModel):
    sku: str
    name: str
    low_stock_threshold: int
    safety_stock: int


class MovementIn(Strict):
    sku: Sku
    warehouse: WarehouseCode
    delta: StrictInt = Field(ge=-MAX_QTY, le=MAX_QTY, description="Non-zero change of on hand.")
    reason: Reason = Field(description="`return_restock` is written by the system only.")
    reference: str | None = Field(None, min_length=1, max_length=200, pattern=PRINTABLE)

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"sku": "SKU-123", "warehouse": "BER-1", "delta": 50, "reason": "receipt", "reference": "PO-77"}
    ]})

    @model_validator(mode="after")
    def _delta_fits_reason(self) -> MovementIn:
        if self.delta == 0:
            raise ValueError("delta must not be zero")
        if self.reason == "receipt" and self.delta < 0:
            raise ValueError("a receipt adds stock: delta must be positive")
        if self.reason in ("shipment", "damage") and self.delta > 0:
            raise ValueError(f"a {self.reason} removes stock: delta must be negative")
        return self


class Movement(BaseModel):
    id: int
    sku: str
    warehouse: str
    delta: int
    reason: str
    reference: str | None
    on_hand_after: int
    created_at: datetime


class WarehouseStock(BaseModel):
    warehouse: str
    on_hand: int
    reserved: int
    available: int


class MovementRecorded(BaseModel):
    movement: Movement
    level: WarehouseStock


class Stock(BaseModel):
    sku: str
    on_hand: int
    reserved: int
    available: int
    status: Literal["in_stock", "low", "out_of_stock"]
    warehouses: list[WarehouseStock]


class StockList(BaseModel):
    items: list[Stock]


class ReservationLineIn(Strict):
    sku: Sku
    qty: Quantity


class ReservationIn(Strict):
    order_ref: str = Field(min_length=1, max_length=100, pattern=VISIBLE_ASCII)
    lines: list[ReservationLineIn] = Field(min_length=1, max_length=100)
    ttl_seconds: StrictInt = Field(900, ge=1, le=86_400)

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"order_ref": "ORD-2026-0001", "lines": [{"sku": "SKU-123", "qty": 2}], "ttl_seconds": 900}
    ]})


class ReservationLine(BaseModel):
    sku: str
    qty: int
    warehouse: str


class Reservation(BaseModel):
    id: str
    order_ref: str
    status: Literal["active", "committed", "released", "expired"]
    lines: list[ReservationLine]
    created_at: datetime
    expires_at: datetime
    closed_at: datetime | None = None


class CampaignCheck(CampaignCheckCompleted):
    checked_at: datetime


class DriftRow(BaseModel):
    sku: str
    warehouse: str
    on_hand: int
    ledger_on_hand: int
    reserved: int
    reserved_by_active_reservations: int


class DriftReport(BaseModel):
    items: list[DriftRow]
    next_cursor: str | None = None
