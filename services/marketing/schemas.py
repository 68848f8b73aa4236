"""Request and response models of the marketing API."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

# Re-exported: the status filter of the campaign list.
from services.marketing.domain import Status as Status

SKU_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
URL_PATTERN = r"^https?://[^\s]+$"
Channel = Literal["email", "social", "web", "print", "influencer", "search", "affiliate"]
Sku = Annotated[str, Field(pattern=SKU_PATTERN, description="SKU, as the business names it.")]


def _in_range_utc(moment: datetime) -> datetime:
    # Bounded years keep every later conversion and date arithmetic clear of overflows.
    if not 2000 <= moment.year <= 2999:
        raise ValueError("dates must lie between the years 2000 and 2999")
    return moment.astimezone(UTC)


Moment = Annotated[AwareDatetime, AfterValidator(_in_range_utc)]
_STRICT = ConfigDict(extra="forbid", allow_inf_nan=False)

_CAMPAIGN_EXAMPLE: dict[str, Any] = {
    "name": "Winter sale", "channels": ["email", "social"],
    "starts_at": "2026-12-05T08:00:00Z", "ends_at": "2026-12-12T22:00:00Z",
    "landing_url": "https://shop.example/campaigns/winter-sale", "uplift": 2.0,
    "auto_launch": False, "auto_pause_on_stockout": True,
    "items": [{"sku": "SKU-123", "expected_units": 400, "discount_pct": 20.0},
              {"sku": "SKU-456", "discount_pct": 15.0}],
}


class ItemIn(BaseModel):
    model_config = _STRICT

    sku: Sku
    expected_units: int | None = Field(None, ge=1, le=1_000_000)
    discount_pct: float | None = Field(None, ge=0, le=90)


Items = Annotated[list[ItemIn], Field(min_length=1, max_length=500)]
Channels = Annotated[list[Channel], Field(min_length=1, max_length=7)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LandingUrl = Annotated[str, Field(max_length=2000, pattern=URL_PATTERN)]
Uplift = Annotated[float, Field(gt=0, le=100, description="Demand multiplier during the campaign.")]


def _check_future_end(ends_at: datetime | None) -> None:
    if ends_at is not None and ends_at <= datetime.now(UTC):
        raise ValueError("ends_at must be in the future")


def _check_lists(channels: Sequence[str] | None, items: list[ItemIn] | None) -> None:
    if channels is not None and len(set(channels)) != len(channels):
        raise ValueError("channels must not repeat")
    if items is not None:
        skus = [item.sku for item in items]
        repeated = sorted({sku for sku in skus if skus.count(sku) > 1})
        if repeated:
            raise ValueError(f"each SKU may appear once; repeated: {', '.join(repeated[:10])}")


class CampaignIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False, json_schema_extra={"examples": [_CAMPAIGN_EXAMPLE]}
    )

    name: Name
    channels: Channels
    starts_at: Moment
    ends_at: Moment
    landing_url: LandingUrl | None = None
    uplift: Uplift = 2.0
    auto_launch: bool = False
    auto_pause_on_stockout: bool = False
    items: Items

    @model_validator(mode="after")
    def _consistent(self) -> CampaignIn:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        _check_future_end(self.ends_at)
        _check_lists(self.channels, self.items)
        return self


class CampaignPatch(BaseModel):
    """Only the fields sent change; `items` replaces the whole list."""

    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False,
        json_schema_extra={"examples": [{"ends_at": "2026-12-14T22:00:00Z",
                                         "items": [{"sku": "SKU-123", "expected_units": 300}]}]},
    )

    name: Name | None = None
    channels: Channels | None = None
    starts_at: Moment | None = None
    ends_at: Moment | None = None
    landing_url: LandingUrl | None = None
    uplift: Uplift | None = None
    auto_launch: bool | None = None
    auto_pause_on_stockout: bool | None = None
    items: Items | None = None

    @model_validator(mode="after")
    def _consistent(self) -> CampaignPatch:
        if not self.model_fields_set:
            raise ValueError("send at least one field to change")
        nulled = sorted(f for f in self.model_fields_set - {"landing_url"} if getattr(self, f) is None)
        if nulled:
            raise ValueError(f"these fields cannot be null: {', '.join(nulled)}")
        _check_future_end(self.ends_at)
        _check_lists(self.channels, self.items)
        return self

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}


class LaunchIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{}, {"override_reason": "Stock arrives tomorrow; CEO approved."}]},
    )

    override_reason: str | None = Field(
        None, min_length=1, max_length=1000,
        description="Admin only: why a blocked campaign goes live anyway (recorded).",
    )


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "Agency request"}]})

    reason: str | None = Field(None, min_length=1, max_length=1000)


class ItemOut(BaseModel):
    sku: str
    expected_units: int | None
    discount_pct: float | None


class CampaignSummary(BaseModel):
    id: str
    name: str
    status: str
    channels: list[str]
    starts_at: datetime
    ends_at: datetime
    landing_url: str | None
    uplift: float
    auto_launch: bool
    auto_pause_on_stockout: bool
    request_id: str | None
    readiness: str | None
    reasons: list[str] = Field(description="Why the readiness verdict is what it is.")
    forced: bool
    override_reason: str | None
    launched_at: datetime | None
    created_at: datetime
    updated_at: datetime
    item_count: int


class CampaignOut(CampaignSummary):
    risks: list[str] = Field(description="Why a live campaign is at risk now (live-campaign guard).")
    items: list[ItemOut]


class LaunchRequestOut(BaseModel):
    campaign_id: str
    request_id: str
    status: str
    readiness: str


class InventoryCheckOut(BaseModel):
    status: str = Field(description="pending until the answer arrives; then ok, at_risk, insufficient "
                                    "or timed_out.")
    received_at: datetime | None = None
    items: list[dict[str, Any]] = []


class ContentCheckOut(BaseModel):
    status: str = Field(description="pending until the answer arrives; then ok, at_risk, blocked or "
                                    "timed_out.")
    received_at: datetime | None = None
    pages: list[dict[str, Any]] = []
    missing_product_pages: list[str] = []


class ChecksOut(BaseModel):
    inventory: InventoryCheckOut
    content: ContentCheckOut


class AdvisoryOut(BaseModel):
    known: bool
    advisory_id: str | None = None
    severity: str | None = None
    title: str | None = None


class ReadinessOut(BaseModel):
    campaign_id: str
    request_id: str | None
    readiness: str | None = Field(description="null until a launch is requested (and after an edit).")
    reasons: list[str]
    checks: ChecksOut
    advisory: AdvisoryOut


class TimelineEntryOut(BaseModel):
    id: int
    occurred_at: datetime
    kind: str
    source: str = Field(description="The team whose event or action this was.")
    summary: str
    details: dict[str, Any]
    correlation_id: str | None = Field(
        None, description="Correlation id of the request or event chain that caused this entry."
    )


class PromotionOut(BaseModel):
    campaign_id: str
    name: str
    sku: str
    discount_pct: float | None
    starts_at: datetime
    ends_at: datetime
    landing_url: str | None


class PromotionsOut(BaseModel):
    items: list[PromotionOut]
