"""Crawls: many page checks sharing one fetcher (global and per-host limits) and one reference cache."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from services.content.crawler.check import CheckResult, CheckRules, PageChecker, PageTarget
from services.content.crawler.fetch import Fetcher, FetchLimits, HostSlots
from services.content.crawler.guard import UrlGuard
from services.content.settings import Settings

OnChecked = Callable[[PageTarget, CheckResult], Awaitable[None]]


@dataclass(frozen=True)
class CrawlerConfig:
    limits: FetchLimits
    rules: CheckRules
    allow_private: bool
    allowed_hosts: tuple[str, ...]
    host_slots: HostSlots | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> CrawlerConfig:
        return cls(
            FetchLimits(
                settings.fetch_timeout_seconds, settings.fetch_max_redirects, settings.fetch_max_bytes,
                settings.crawl_concurrency, settings.crawl_per_host_concurrency, settings.user_agent,
            ),
            CheckRules(settings.slow_seconds, settings.stale_days, settings.max_references_per_page),
            settings.private_targets_allowed,
            tuple(settings.allowed_private_hosts),
        )

    def sharing_host_slots(self) -> CrawlerConfig:
        """This configuration with per-host limits shared by every fetcher made from it."""
        return replace(self, host_slots=HostSlots(self.limits.per_host_concurrency))

    def fetcher(self) -> Fetcher:
        return Fetcher(self.limits, UrlGuard(self.allow_private, self.allowed_hosts), self.host_slots)


async def check_pages(
    config: CrawlerConfig, pages: Sequence[PageTarget], on_checked: OnChecked | None = None
) -> list[CheckResult]:
    """Check the pages concurrently; `on_checked` sees each result as soon as it is known."""
    async with config.fetcher() as fetcher:
        checker = PageChecker(fetcher, config.rules)
        # More pages in flight than request slots keeps the slots busy while pages are parsed.
        in_flight = asyncio.Semaphore(max(2, config.limits.concurrency // 2))

        async def one(page: PageTarget) -> CheckResult:
            async with in_flight:
                result = await checker.check(page, datetime.now(UTC))
            if on_checked is not None:
                await on_checked(page, result)
            return result

        return list(await asyncio.gather(*(one(page) for page in pages)))
