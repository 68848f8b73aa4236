"""Payloads published on `support.events` (subject: ticket, return or advisory id)."""

from typing import Literal

from pydantic import AwareDatetime

from shared.events.payloads.base import Payload


class TicketOpened(Payload):
    ticket_id: str
    channel: str
    topic: str | None = None
    sku: str | None = None
    order_ref: str | None = None
    campaign_id: str | None = None


class RequestedLine(Payload):
    sku: str
    qty: int
    reason: str
    comment: str | None = None


class ReturnRequested(Payload):
    return_id: str
    order_ref: str
    lines: list[RequestedLine]


class InspectedLine(Payload):
    sku: str
    qty: int
    disposition: Literal["resellable", "damaged"]


class ReturnInspected(Payload):
    return_id: str
    warehouse: str
    lines: list[InspectedLine]


class AdvisoryPublished(Payload):
    advisory_id: str
    kind: Literal["campaign_launch", "stock_risk", "content_issue", "delivery_delay"]
    severity: Literal["info", "warning", "critical"]
    title: str
    campaign_id: str | None = None
    skus: list[str]
    valid_until: AwareDatetime | None = None  # None: until further notice; in the past: it ended


class TrendDetected(Payload):
    topic: str
    sku: str | None = None
    url: str | None = None
    ticket_count: int
    window_days: int
    sample_subjects: list[str]


class ReturnTrendDetected(Payload):
    sku: str
    reason: Literal["damaged", "wrong_item", "not_as_described"]
    line_count: int
    window_days: int
    sample_comments: list[str]
