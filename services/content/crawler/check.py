"""The health check of one page: fetch, parse, check references once per crawl, list the issues."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from services.content import domain
from services.content.crawler.fetch import Fetcher, FetchResult
from services.content.crawler.parse import parse_html
from services.content.domain import Issue

# Pages up to this size are parsed on the event loop (well under a millisecond), larger ones in a thread.
INLINE_PARSE_BYTES = 16 * 1024


@dataclass(frozen=True)
class PageTarget:
    url: str
    kind: str
    last_updated_at: datetime | None = None


@dataclass(frozen=True)
class CheckRules:
    slow_seconds: float
    stale_days: int
    max_references: int


@dataclass
class CheckResult:
    url: str
    kind: str
    issues: list[Issue]
    status_code: int | None
    elapsed: float
    title: str | None = None
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def health(self) -> domain.Health:
        return domain.classify(self.kind, self.issues)

    @property
    def score(self) -> int:
        return domain.score(self.kind, self.issues)


class PageChecker:
    """Checks pages; referenced URLs are requested once per checker (one checker per crawl)."""

    def __init__(self, fetcher: Fetcher, rules: CheckRules) -> None:
        self._fetcher = fetcher
        self._rules = rules
        self._references: dict[str, asyncio.Task[FetchResult]] = {}

    async def check(self, page: PageTarget, now: datetime) -> CheckResult:
        fetching = asyncio.ensure_future(self._fetcher.fetch(page.url))
        # A link to this page from another one of the crawl is answered by this request (its
        # status; the body is not kept) instead of a request of its own.
        self._references.setdefault(page.url, asyncio.ensure_future(_without_body(fetching)))
        fetched = await fetching
        issues: list[Issue] = []
        if domain.is_stale(page.last_updated_at, now, self._rules.stale_days):
            issues.append(Issue("stale", f"last updated {page.last_updated_at:%Y-%m-%d}"))
        if fetched.status is None:
            issues.append(Issue("unreachable", fetched.error, fetched.final_url))
            return CheckResult(page.url, page.kind, issues, None, fetched.elapsed, checked_at=now)
        if fetched.status >= 400:
            issues.append(Issue("http_error", f"HTTP {fetched.status}", fetched.final_url))
            return CheckResult(page.url, page.kind, issues, fetched.status, fetched.elapsed, checked_at=now)
        if fetched.elapsed > self._rules.slow_seconds:
            issues.append(Issue("slow", f"answered in {fetched.elapsed:.2f} s"))
        title = None
        if "html" in fetched.content_type.lower() or not fetched.content_type:
            # A large page takes a while to parse: in a thread, the service's event loop (its
            # HTTP API, its consumer) keeps running meanwhile. A small one parses in less time
            # than the hand-over to a thread takes.
            if len(fetched.body) <= INLINE_PARSE_BYTES:
                parsed = parse_html(fetched.body, fetched.final_url, self._rules.max_references)
            else:
                parsed = await asyncio.to_thread(
                    parse_html, fetched.body, fetched.final_url, self._rules.max_references)
            title = parsed.title
            if not title:
                issues.append(Issue("missing_title"))
            issues += await self._check_references(parsed.images, parsed.assets, parsed.links)
        return CheckResult(page.url, page.kind, issues, fetched.status, fetched.elapsed, title, now)

    async def _check_references(self, images: list[str], assets: list[str], links: list[str]) -> list[Issue]:
        budget = self._rules.max_references
        referenced = [("broken_image", url) for url in images] + [("broken_asset", url) for url in assets]
        referenced += [("broken_link", url) for url in links]
        referenced = referenced[:budget]
        results = await asyncio.gather(*(self._reference(url) for _, url in referenced))
        return [
            Issue(code, result.error or f"HTTP {result.status}", url)
            for (code, url), result in zip(referenced, results, strict=True)
            if result.failed
        ]

    def _reference(self, url: str) -> asyncio.Task[FetchResult]:
        task = self._references.get(url)
        if task is None:
            task = asyncio.ensure_future(self._fetcher.status_of(url))
            self._references[url] = task
        return task


async def _without_body(fetching: asyncio.Future[FetchResult]) -> FetchResult:
    return replace(await fetching, body=b"")
