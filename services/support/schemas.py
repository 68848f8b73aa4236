"""Request and response models of the support service (input limits of SPEC 3)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from services.support.domain.orders import OrderStatus, OrderView, TicketView
from services.support.domain.returns import Return

SKU_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
# No NUL characters: PostgreSQL cannot store them, and no person types them.
TEXT_PATTERN = r"^[^\x00]+$"

Sku = Annotated[str, Field(pattern=SKU_PATTERN, examples=["SKU-123"])]
Warehouse = Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9-]{0,31}$", examples=["BER-1"])]
Quantity = Annotated[int, Field(ge=1, le=1_000_000)]
ORDER_REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,99}$"
OrderRef = Annotated[str, Field(pattern=ORDER_REF_PATTERN, examples=["ORD-2026-0042"])]
CustomerRef = Annotated[str, Field(min_length=1, max_length=200, pattern=TEXT_PATTERN,
                                   examples=["CUST-981"])]
# Underscores allowed for topics such as `order_status`.
TOPIC_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 _./-]{0,99}$"
Topic = Annotated[str, Field(pattern=TOPIC_PATTERN, examples=["delivery"])]
PageUrl = Annotated[str, Field(max_length=2000, pattern=r"^https?://[^\s\x00]{1,1990}$",
                               examples=["https://shop.example/p/sku-123"])]

Channel = Literal["phone", "chat", "chatbot", "email", "web"]
TicketStatus = Literal["open", "pending", "resolved", "closed"]
Priority = Literal["low", "normal", "high", "urgent"]
ReturnReason = Literal["damaged", "wrong_item", "not_as_described", "changed_mind", "other"]
ReturnStatus = Literal[
    "requested", "approved", "rejected", "received", "inspected", "restocked", "needs_attention",
]
Disposition = Literal["resellable", "damaged"]
AdvisoryKind = Literal["campaign_launch", "stock_risk", "content_issue", "delivery_delay"]
Severity = Literal["info", "warning", "critical"]


class TicketIn(BaseModel):
    customer_ref: CustomerRef
    channel: Channel
    subject: str = Field(min_length=1, max_length=200, pattern=TEXT_PATTERN)
    body: str = Field(min_length=1, max_length=10_000, pattern=TEXT_PATTERN)
    topic: Topic | None = None
    sku: Sku | None = None
    order_ref: OrderRef | None = None
    campaign_id: UUID | None = None
    page_url: PageUrl | None = None

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "customer_ref": "CUST-981", "channel": "chat", "subject": "Where is my order?",
        "body": "I ordered the red sneakers five days ago and nothing has arrived.",
        "topic": "delivery", "sku": "SKU-123", "order_ref": "ORD-2026-0042",
    }]})


class TicketPatch(BaseModel):
    status: TicketStatus | None = None
    priority: Priority | None = None
    topic: Topic | None = None

    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "pending", "priority": "high"}]})

    @model_validator(mode="after")
    def _something_to_change(self) -> TicketPatch:
        if self.status is None and self.priority is None and self.topic is None:
            raise ValueError("give at least one of status, priority, topic")
        return self


class OrderStatusOut(BaseModel):
    """An order's shipment as inventory last reported it."""

    order_ref: str
    status: Literal["awaiting_pick", "picked", "packed", "shipped", "in_transit", "out_for_delivery",
                    "delivered", "exception", "cancelled"]
    warehouse: str
    carrier: str | None
    tracking_number: str | None
    tracking_url: str | None
    ship_by: datetime
    deliver_by: datetime | None
    delayed: bool
    delay_reasons: list[str]

    @classmethod
    def of(cls, found: OrderStatus) -> OrderStatusOut:
        return cls.model_validate({**vars(found.state), "delayed": found.delayed,
                                   "delay_reasons": found.delay_reasons})


class JourneyStepOut(BaseModel):
    at: datetime
    source: Literal["fulfilment", "ticket", "return"]
    what: str


class OrderOut(OrderStatusOut):
    journey: list[JourneyStepOut] = Field(description="Fulfilment events, tickets and returns, oldest first.")

    @classmethod
    def of_view(cls, view: OrderView) -> OrderOut:
        return cls(**OrderStatusOut.of(view.status).model_dump(),
                   journey=[JourneyStepOut.model_validate(s, from_attributes=True) for s in view.journey])


class TicketOut(BaseModel):
    id: str
    customer_ref: str
    channel: Channel
    subject: str
    body: str
    topic: str | None
    sku: str | None
    order_ref: str | None
    campaign_id: str | None
    page_url: str | None
    status: TicketStatus
    priority: Priority
    created_at: datetime
    updated_at: datetime
    order: OrderStatusOut | None = Field(
        None, description="The current status of the ticket's order, when support knows the order.")
    suggested_reply: str | None = Field(
        None, description="For topic `order_status` on an order that is on time: a reply an agent can send.")

    @classmethod
    def of(cls, view: TicketView) -> TicketOut:
        return cls.model_validate({
            **vars(view.ticket), "suggested_reply": view.suggested_reply,
            "order": OrderStatusOut.of(view.order) if view.order is not None else None,
        })


class ReturnLineIn(BaseModel):
    sku: Sku
    qty: Quantity
    reason: ReturnReason
    comment: str | None = Field(
        None, min_length=1, max_length=500, pattern=TEXT_PATTERN,
        description="The customer's words about the item; the teams read them in return trends.",
    )

    @field_validator("comment")
    @classmethod
    def _comment_says_something(cls, comment: str | None) -> str | None:
        if comment is not None and not comment.strip():
            raise ValueError("a comment must say something; leave it out instead")
        return comment


class ReturnIn(BaseModel):
    order_ref: OrderRef
    customer_ref: CustomerRef
    lines: list[ReturnLineIn] = Field(min_length=1, max_length=100)

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "order_ref": "ORD-2026-0042", "customer_ref": "CUST-981",
        "lines": [{"sku": "SKU-123", "qty": 3, "reason": "not_as_described",
                   "comment": "The colour is much darker than on the photos."}],
    }]})

    @model_validator(mode="after")
    def _one_line_per_sku(self) -> ReturnIn:
        skus = [line.sku for line in self.lines]
        if len(set(skus)) != len(skus):
            raise ValueError("each SKU may appear in one line only; add the quantities up")
        return self


class RejectIn(BaseModel):
    reason: str = Field(min_length=1, max_length=500, pattern=TEXT_PATTERN)

    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "Return window is over."}]})


class ReceiveIn(BaseModel):
    warehouse: Warehouse

    model_config = ConfigDict(json_schema_extra={"examples": [{"warehouse": "BER-1"}]})


class InspectedLineIn(BaseModel):
    sku: Sku
    qty: Quantity
    disposition: Disposition


class InspectIn(BaseModel):
    lines: list[InspectedLineIn] = Field(min_length=1, max_length=200)

    model_config = ConfigDict(json_schema_extra={"examples": [{"lines": [
        {"sku": "SKU-123", "qty": 2, "disposition": "resellable"},
        {"sku": "SKU-123", "qty": 1, "disposition": "damaged"},
    ]}]})


class ReturnLineOut(BaseModel):
    sku: str
    qty: int
    reason: ReturnReason
    comment: str | None
    resellable_qty: int | None = Field(description="Set by the inspection.")
    damaged_qty: int | None = Field(description="Set by the inspection.")
    restocked_qty: int | None = Field(description="Set when inventory processed the return.")
    written_off_qty: int | None = Field(description="Set when inventory processed the return.")


class ReturnOut(BaseModel):
    id: str
    order_ref: str
    customer_ref: str
    status: ReturnStatus
    warehouse: str | None
    rejection_reason: str | None
    attention_reasons: list[str] = Field(
        description="Why inventory refused the last inspection (status `needs_attention`)."
    )
    lines: list[ReturnLineOut]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, found: Return) -> ReturnOut:
        """The response for a return; a line's `qty` is the requested one."""
        return cls(
            id=found.id, order_ref=found.order_ref, customer_ref=found.customer_ref, status=found.status,
            warehouse=found.warehouse, rejection_reason=found.rejection_reason,
            attention_reasons=found.attention_reasons, created_at=found.created_at,
            updated_at=found.updated_at,
            lines=[ReturnLineOut.model_validate({**vars(line), "qty": line.requested_qty})
                   for line in found.lines],
        )


class AdvisoryOut(BaseModel):
    id: str
    kind: AdvisoryKind
    severity: Severity
    title: str
    summary: str
    campaign_id: str | None
    skus: list[str]
    urls: list[str]
    expected_extra_contacts: int | None
    valid_from: datetime
    valid_until: datetime | None
    revision: int
    acknowledged_at: datetime | None
    created_at: datetime
    updated_at: datetime
