"""Settings of the content service (environment prefix `CONTENT_`)."""

from __future__ import annotations

import re

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from services.content.domain import PAGE_KINDS
from shared.settings import ServiceSettings

DEFAULT_KIND_PATTERNS = {
    "checkout": r"/(checkout|cart|basket)(/|$)",
    "product": r"/(products?|p|items?)/[^/]+",
    "category": r"/(categor(y|ies)|c|collections?)/",
    "landing": r"/(campaigns?|landing|lp|promo(tions?)?)/",
    "faq": r"/(faq|help)(/|$)",
}


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTENT_")

    service_name: str = "content"
    database_url: str = Field(
        "sqlite+aiosqlite:///.data/content.db",
        description="SQLAlchemy async URL of this service's own database (SQLite file or postgresql+asyncpg://).",
    )
    port: int = Field(8004, ge=1, le=65535, description="HTTP port of the service.")

    stale_days: int = Field(180, ge=1, le=3650, description="A page not updated for longer is stale.")
    slow_seconds: float = Field(2.0, gt=0, le=60, description="A page answering slower is `slow`.")
    fetch_timeout_seconds: float = Field(10.0, gt=0, le=120, description="Timeout of one HTTP request.")
    fetch_max_redirects: int = Field(5, ge=0, le=20, description="Redirect hops followed per request.")
    fetch_max_bytes: int = Field(
        5 * 1024 * 1024, ge=1024, le=100 * 1024 * 1024, description="Body cap of a fetched page."
    )
    max_references_per_page: int = Field(
        300, ge=1, le=5000, description="Images, assets and links checked per page at most."
    )
    crawl_concurrency: int = Field(32, ge=1, le=500, description="HTTP requests in flight at most.")
    crawl_per_host_concurrency: int = Field(
        8, ge=1, le=100, description="HTTP requests in flight to one host at most."
    )
    user_agent: str = Field(
        "ShopContentChecker/1.0 (+https://shop.example/bot)", min_length=1, max_length=200,
        description="User-Agent of every request the checker sends.",
    )
    allow_private_targets: bool | None = Field(
        None,
        description="Allow requests to private, loopback and link-local addresses; "
        "defaults to true in development (for the local demo site) and false in production.",
    )
    allowed_private_hosts: list[str] = Field(
        default_factory=list,
        description="Host names or addresses allowed even when private targets are refused.",
    )
    recheck_interval_seconds: float = Field(
        3600.0, ge=0, description="Every page is re-checked this often; 0 disables the re-check."
    )
    crawl_poll_seconds: float = Field(
        5.0, gt=0,
        description="How often the crawl and campaign-check workers look for queued work without a wake-up.",
    )
    campaign_check_concurrency: int = Field(
        8, ge=1, le=100, description="Campaign content checks run at the same time at most."
    )
    campaign_check_claim_seconds: float = Field(
        600.0, gt=0,
        description="A campaign check claimed longer ago than this (its worker died) is run again.",
    )
    sitemap_max_urls: int = Field(50_000, ge=1, le=500_000, description="URLs imported per sitemap run.")
    sitemap_max_bytes: int = Field(
        20 * 1024 * 1024, ge=1024, le=200 * 1024 * 1024,
        description="Size cap of one sitemap document after decompression.",
    )
    sitemap_max_documents: int = Field(
        100, ge=1, le=10_000, description="Sitemap documents (index entries) fetched per import."
    )
    sitemap_import_batch_size: int = Field(
        500, ge=1, le=4000, description="Sitemap URLs written per transaction by the import worker "
        "(PostgreSQL takes at most 32,767 parameters per statement).",
    )
    sitemap_import_claim_seconds: float = Field(
        1800.0, gt=0, description="A sitemap import running longer than this (its worker died) is run again.",
    )
    kind_patterns: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_KIND_PATTERNS),
        description="Page kind -> regular expression on the URL path, tried in order.",
    )

    @model_validator(mode="after")
    def _derive_private_targets(self) -> Settings:
        for kind, pattern in self.kind_patterns.items():
            if kind not in PAGE_KINDS:
                raise ValueError(f"kind_patterns: unknown page kind {kind!r}")
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"kind_patterns[{kind}]: {error}") from error
        if self.allow_private_targets is None:
            self.allow_private_targets = not self.is_production
        return self

    @property
    def private_targets_allowed(self) -> bool:
        return bool(self.allow_private_targets)
