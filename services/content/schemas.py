"""Request and response models of the content API."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, field_validator

from services.content.domain import MAX_URL_LENGTH, SKU_PATTERN, normalise_url

PageKind = Literal["product", "category", "landing", "faq", "checkout", "other"]
HealthName = Literal["ok", "degraded", "broken", "unknown"]
TaskKind = Literal[
    "fix_broken_page", "create_missing_page", "refresh_stale_page",
    "answer_recurring_question", "out_of_stock_messaging", "retire_campaign_page",
    "fix_product_description",
]
TaskStatus = Literal["open", "in_progress", "done"]


def _http_url(value: str) -> str:
    """An absolute http(s) URL, as given (normalised only by the URL parser)."""
    url = str(AnyHttpUrl(value))
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"URLs are at most {MAX_URL_LENGTH} characters")
    return url


def _printable(value: str | None) -> str | None:
    """Control characters (NUL above all) are refused: PostgreSQL cannot store NUL in text."""
    if value is not None and any(ord(char) < 32 for char in value):
        raise ValueError("control characters are not allowed")
    return value


def _text(value: str | None) -> str | None:
    """Printable text with something in it: whitespace alone is refused, not stored as a value."""
    if value is not None and not value.strip():
        raise ValueError("the text is only whitespace")
    return _printable(value)


def _timestamp(value: object) -> object:
    """A timestamp is an RFC 3339 string; numbers and booleans are not taken for one."""
    if value is not None and not isinstance(value, str | datetime):
        raise ValueError("timestamps are RFC 3339 strings")
    return value


def _utc(value: datetime | None) -> datetime | None:
    """Timestamps are stored in UTC; one without an offset is taken to be UTC already."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError as error:
        raise ValueError("the timestamp is out of range") from error


def _page_url(value: str) -> str:
    """A page URL in its one spelling (see `domain.normalise_url`): the key of the page."""
    return normalise_url(_http_url(value))


class PageIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "url": "https://shop.example/products/sku-123", "kind": "product", "sku": "SKU-123",
        "title": "Trail runner 2", "locale": "en-GB", "last_updated_at": "2026-10-01T09:00:00Z",
    }]})

    url: str = Field(min_length=8, max_length=MAX_URL_LENGTH, description="Absolute http(s) URL.")
    kind: PageKind
    sku: str | None = Field(None, pattern=SKU_PATTERN)
    title: str | None = Field(None, max_length=500)
    locale: str | None = Field(None, pattern=r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,3}$", max_length=35)
    last_updated_at: datetime | None = None

    _url = field_validator("url")(_page_url)
    _title = field_validator("title")(_text)
    _last_updated_at_type = field_validator("last_updated_at", mode="before")(_timestamp)
    _last_updated_at = field_validator("last_updated_at")(_utc)


class IssueOut(BaseModel):
    code: str
    detail: str | None = None
    url: str | None = None


class PageOut(BaseModel):
    id: str
    url: str
    kind: PageKind
    sku: str | None
    title: str | None
    locale: str | None
    last_updated_at: datetime | None
    health: HealthName
    score: int | None
    issues: list[IssueOut]
    status_code: int | None
    response_ms: int | None
    checked_at: datetime | None


class SitemapIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"sitemap_url": "https://shop.example/sitemap.xml"},
    ]})

    sitemap_url: str = Field(min_length=8, max_length=MAX_URL_LENGTH)

    _url = field_validator("sitemap_url")(_http_url)


class SitemapImportOut(BaseModel):
    id: str
    sitemap_url: str
    status: Literal["queued", "running", "succeeded", "failed"]
    found: int = Field(description="Distinct storable page URLs read from the sitemap.")
    imported: int = Field(description="Pages created so far.")
    updated: int = Field(description="Pages that existed already (they keep their kind).")
    skipped: int = Field(description="Entries that are not http(s) URLs, or repeat one once normalised.")
    truncated: bool = Field(description="True when a cap stopped reading the sitemap early.")
    error: str | None = Field(description="Why the import failed.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class CrawlIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {}, {"page_ids": ["5f0c6a8e-3f7e-4a59-9a43-0d7a3c2b8f11"]},
    ]})

    page_ids: list[str] | None = Field(
        None, min_length=1, max_length=10_000, description="Pages to crawl; every page when omitted."
    )

    @field_validator("page_ids")
    @classmethod
    def _ids(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and any(re.fullmatch(r"[A-Za-z0-9-]{1,36}", item) is None for item in value):
            raise ValueError("page ids are UUIDs")
        return value


class CrawlQueued(BaseModel):
    id: str


class CrawlOut(BaseModel):
    id: str
    status: Literal["queued", "running", "completed", "failed"]
    total: int
    done: int
    broken: int
    degraded: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class MissingPage(BaseModel):
    sku: str = Field(description="A SKU inventory has that no product page describes.")


class HealthSummary(BaseModel):
    by_health: dict[str, int]
    by_kind: dict[str, dict[str, int]]
    missing_product_pages: list[str]
    missing_product_pages_total: int


class TaskOut(BaseModel):
    id: str
    kind: TaskKind
    status: TaskStatus
    page_id: str | None
    sku: str | None
    assignee: str | None
    details: dict[str, object]
    created_at: datetime
    updated_at: datetime


class TaskPatch(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"status": "in_progress", "assignee": "maria@shop.example"}, {"status": "done"},
    ]})

    status: TaskStatus
    assignee: str | None = Field(None, min_length=1, max_length=200)

    _assignee = field_validator("assignee")(_text)
