"""Per-request / per-event context: the correlation and causation ids that events carry."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
causation_id: ContextVar[str | None] = ContextVar("causation_id", default=None)

_SAFE_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


def sanitize_correlation_id(raw: str | None) -> str:
    """The caller's id when it is short and plain; otherwise a fresh one (no header injection)."""
    if raw and _SAFE_ID.match(raw):
        return raw
    return str(uuid.uuid4())
