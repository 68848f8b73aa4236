"""Request and response models of quality alerts."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.inventory.schemas import Strict
from services.inventory.schemas.fulfilments import TEXT

AlertKind = Literal["packaging", "picking"]
AlertStatus = Literal["open", "investigating", "resolved"]


class QualityAlert(BaseModel):
    id: str
    kind: AlertKind = Field(description="`packaging` from damaged returns, `picking` from wrong items.")
    sku: str
    status: AlertStatus
    return_reason: Literal["damaged", "wrong_item"]
    line_count: int = Field(description="Returned lines in the latest trend.")
    window_days: int
    trend_count: int = Field(description="How many trends raised or refreshed this alert.")
    sample_comments: list[str]
    note: str | None
    first_trend_at: datetime
    last_trend_at: datetime
    updated_at: datetime


class QualityAlertPatch(Strict):
    status: AlertStatus
    note: str | None = Field(None, min_length=1, max_length=1000, pattern=TEXT)

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"status": "investigating", "note": "Checking the carton supplier's last batch."}]})
