"""How moments are written: RFC 3339 in UTC with `Z` (SPEC 3), in answers and on the timeline."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

# A whole string that is an RFC 3339 date-time with a numeric offset, as Python's isoformat()
# writes it (timeline details stored before they were written with rfc3339, other teams' payloads).
_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?[+-]\d{2}:\d{2}$")


def rfc3339(moment: datetime) -> str:
    """`2026-12-05T08:00:00Z`; an aware moment in any zone is converted to UTC first."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def with_zulu(value: Any) -> Any:
    """The value with every timestamp string inside it written in UTC with `Z`; other text as is."""
    if isinstance(value, str):
        return _zulu_string(value) if _WITH_OFFSET.match(value) else value
    if isinstance(value, dict):
        return {key: with_zulu(item) for key, item in value.items()}
    if isinstance(value, list):
        return [with_zulu(item) for item in value]
    return value


def _zulu_string(text: str) -> str:
    try:
        return rfc3339(datetime.fromisoformat(text))
    except (ValueError, OverflowError):  # shaped like a moment but none (month 13, year 0 - 1 h)
        return text
