"""How the board words machine values for a person: dates, relative times, codes."""

from __future__ import annotations

from datetime import UTC, datetime

# Codes whose plain reading would be wrong or clumsy.
_WORDS = {
    "at_risk": "at risk", "depleted": "sold out", "unknown_sku": "unknown SKU", "ok": "OK",
    "in_progress": "in progress", "needs_attention": "needs attention",
}


def words(code: object) -> str:
    """A code a service sends (`insufficient_stock`, `at_risk`) as words (`insufficient stock`)."""
    text = str(code or "").strip()
    return _WORDS.get(text, text.replace("_", " "))


def sentence(code: object) -> str:
    """A code as words starting with a capital: `insufficient_stock` → `Insufficient stock`."""
    text = words(code)
    return text[:1].upper() + text[1:]


def as_moment(value: object) -> datetime | None:
    """A datetime, or an RFC 3339 string from a payload, as an aware datetime (None otherwise)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def human_time(moment: datetime, now: datetime) -> str:
    """`3 Dec 14:05 UTC`, with the year when it is not this year's."""
    utc = moment.astimezone(UTC)
    year = "" if utc.year == now.astimezone(UTC).year else f" {utc.year}"
    return f"{utc.day} {utc.strftime('%b')}{year} {utc.strftime('%H:%M')} UTC"


def relative_time(moment: datetime, now: datetime) -> str:
    """`in 3 h`, `2 days ago`, `just now`: how far a moment is from now, roughly."""
    seconds = (moment - now).total_seconds()
    distance = abs(seconds)
    if distance < 60:
        return "just now"
    size, unit = next((s, u) for s, u in ((86400, "day"), (3600, "h"), (60, "min")) if distance >= s)
    count = int(distance // size)
    label = f"{count} {unit}" + ("s" if unit == "day" and count != 1 else "")
    return f"in {label}" if seconds > 0 else f"{label} ago"


def when(moment: datetime, now: datetime) -> str:
    """The date a person reads, with the relative time where it helps (within two weeks)."""
    text = human_time(moment, now)
    if abs((moment - now).total_seconds()) <= 14 * 86400:
        text += f" ({relative_time(moment, now)})"
    return text
