"""How moments are written: RFC 3339 in UTC with `Z` (SPEC 3), in answers and on the timeline."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

# An RFC 3339 date-time at offset zero written as `+00:00` (Python's isoformat), as stored before.
_ZERO_OFFSET = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?)\+00:00$")


def rfc3339(moment: datetime) -> str:
    """`2026-12-05T08:00:00Z`; an aware moment in any zone is converted to UTC first."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def with_zulu(value: Any) -> Any:
    """The value with every `+00:00` timestamp string inside it written with `Z` instead."""
    if isinstance(value, str):
        return _ZERO_OFFSET.sub(r"\1Z", value)
    if isinstance(value, dict):
        return {key: with_zulu(item) for key, item in value.items()}
    if isinstance(value, list):
        return [with_zulu(item) for item in value]
    return value
