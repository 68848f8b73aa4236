"""Payloads published on `marketing.events` (subject: campaign id)."""


from typing import Literal

from pydantic import AwareDatetime, Field

from shared.events.payloads.base import Payload

Readiness = Literal["checking", "ready", "at_risk", "blocked"]


class CampaignItem(Payload):
    sku: str
    expected_units: int | None = None
    discount_pct: float | None = None


class LaunchRequested(Payload):
    campaign_id: str
    request_id: str
    name: str
    channels: list[str]
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    landing_url: str | None = None
    uplift: float
    items: list[CampaignItem] = Field(min_length=1)


class ReadinessChanged(Payload):
    campaign_id: str
    request_id: str
    readiness: Readiness
    reasons: list[str]


class Launched(Payload):
    campaign_id: str
    name: str
    skus: list[str]
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    landing_url: str | None = None
    forced: bool


class Scheduled(Payload):
    campaign_id: str
    name: str
    skus: list[str]
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    forced: bool


class PausedOrResumed(Payload):
    campaign_id: str
    reason: str | None = None


class AtRisk(Payload):
    campaign_id: str
    reasons: list[str]
    skus: list[str]


class RiskCleared(Payload):
    campaign_id: str
    cleared: str
    reasons: list[str]
    skus: list[str]


class EndedOrCancelled(Payload):
    campaign_id: str
    skus: list[str]
    landing_url: str | None = None
