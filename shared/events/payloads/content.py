"""Payloads published on `content.events` (subject: page id or campaign id)."""

from typing import Literal

from shared.events.payloads.base import Payload

Health = Literal["ok", "degraded", "broken", "unknown"]


class PageBroken(Payload):
    page_id: str
    url: str
    kind: str
    sku: str | None = None
    issues: list[str]


class PageRestored(Payload):
    page_id: str
    url: str
    kind: str
    sku: str | None = None


class CheckedPage(Payload):
    url: str
    kind: str
    sku: str | None = None
    health: Health
    issues: list[str]


class CampaignCheckCompleted(Payload):
    campaign_id: str
    request_id: str
    overall: Literal["ok", "at_risk", "blocked"]
    pages: list[CheckedPage]
    missing_product_pages: list[str]
