"""Cursor pagination (SPEC 3): `limit` 1..200 and an opaque `cursor`."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from shared.errors import Invalid

ItemT = TypeVar("ItemT")

Limit = Annotated[int, Query(ge=1, le=200, description="Page size (1 to 200).")]
Cursor = Annotated[
    str | None, Query(max_length=500, description="`next_cursor` of the previous page.")
]


class Page(BaseModel, Generic[ItemT]):
    items: list[ItemT]
    next_cursor: str | None = None


def encode_cursor(values: list[Any]) -> str:
    values = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, size: int) -> list[Any] | None:
    """The sort-key values stored in a cursor, or None for the first page."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise Invalid("The cursor is not one this API issued.") from error
    if not isinstance(values, list) or len(values) != size:
        raise Invalid("The cursor is not one this API issued.")
    return values


CursorKey = type[int] | type[str] | type[datetime]


def decode_keyset(cursor: str | None, *types: CursorKey) -> tuple[Any, ...] | None:
    """The typed sort-key values of a cursor `encode_cursor` made (datetimes as ISO text, read
    back as aware UTC), or None for the first page; anything else is a 422."""
    values = decode_cursor(cursor, len(types))
    if values is None:
        return None
    try:
        return tuple(_typed(value, kind) for value, kind in zip(values, types, strict=True))
    except (TypeError, ValueError, OverflowError) as error:
        raise Invalid("The cursor is not one this API issued.") from error


def _typed(value: Any, kind: CursorKey) -> Any:
    if kind is datetime:
        moment = datetime.fromisoformat(str(value))
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or not -(2**63) < value < 2**63:
            raise ValueError("not a 64-bit integer")
        return value
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def page_of(rows: list[Any], limit: int, key: Any) -> tuple[list[Any], str | None]:
    """Split `limit + 1` fetched rows into a page and the cursor of the next one."""
    if len(rows) <= limit:
        return rows, None
    page = rows[:limit]
    return page, encode_cursor(key(page[-1]))
