"""The CloudEvents 1.0 envelope (structured JSON mode) every event travels in."""

from __future__ import annotations

import builtins
import uuid
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

CONTENT_TYPE = "application/cloudevents+json"
PayloadT = TypeVar("PayloadT", bound=BaseModel)


class Envelope(BaseModel):
    """A CloudEvents 1.0 event; unknown extension attributes are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    specversion: str = Field("1.0", pattern=r"^1\.0$")
    id: str = Field(min_length=1, max_length=200)
    source: str = Field(min_length=1, max_length=200)
    type: str = Field(min_length=1, max_length=200)
    subject: str = Field(min_length=1, max_length=200)
    time: datetime
    datacontenttype: str = "application/json"
    correlationid: str | None = Field(default=None, max_length=200)
    causationid: str | None = Field(default=None, max_length=200)
    # CloudEvents distributed-tracing extension: the W3C trace context of what caused the event.
    # A malformed one is ignored (a new trace starts), never a reason to refuse the event.
    traceparent: str | None = Field(default=None, max_length=200)
    data: dict[str, Any]

    def payload(self, model: builtins.type[PayloadT]) -> PayloadT:
        """The `data` parsed as the catalog model of this type."""
        return model.model_validate(self.data)

    def to_json(self) -> bytes:
        return self.model_dump_json().encode()

    @classmethod
    def from_json(cls, raw: bytes | str) -> Envelope:
        return cls.model_validate_json(raw)


def new_envelope(
    *,
    source: str,
    type: str,
    subject: str,
    data: dict[str, Any],
    correlation_id: str | None = None,
    causation_id: str | None = None,
    traceparent: str | None = None,
) -> Envelope:
    return Envelope(
        id=str(uuid.uuid4()),
        source=source,
        type=type,
        subject=subject,
        time=datetime.now(UTC),
        correlationid=correlation_id,
        causationid=causation_id,
        traceparent=traceparent,
        data=data,
    )
