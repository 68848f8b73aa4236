"""Pure content rules: page health and score, campaign verdicts, task rules, kind guessing."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from shared.errors import Conflict

PAGE_KINDS = ("product", "category", "landing", "faq", "checkout", "other")
HEALTHS = ("ok", "degraded", "broken", "unknown")
TASK_KINDS = (
    "fix_broken_page", "create_missing_page", "refresh_stale_page",
    "answer_recurring_question", "out_of_stock_messaging", "retire_campaign_page",
    "fix_product_description",
)
TASK_STATUSES = ("open", "in_progress", "done")
ISSUE_CODES = (
    "unreachable", "http_error", "broken_image", "broken_link", "broken_asset",
    "slow", "stale", "missing_title",
)

Health = Literal["ok", "degraded", "broken", "unknown"]
Verdict = Literal["ok", "at_risk", "blocked"]

# Pages where a broken image loses sales outright, so it breaks the page (SPEC 8).
IMAGE_CRITICAL_KINDS = frozenset({"product", "landing", "checkout"})
PAGE_FAILURES = frozenset({"unreachable", "http_error"})
PENALTIES = {
    "broken_image": 20, "broken_asset": 15, "broken_link": 10,
    "slow": 15, "stale": 10, "missing_title": 10,
}
BROKEN_SCORE_CAP = 40


@dataclass(frozen=True)
class Issue:
    code: str
    detail: str | None = None
    url: str | None = None


def classify(kind: str, issues: Iterable[Issue]) -> Health:
    """`broken` when the page itself fails or an image-critical page lost an image."""
    codes = {issue.code for issue in issues}
    if codes & PAGE_FAILURES:
        return "broken"
    if "broken_image" in codes and kind in IMAGE_CRITICAL_KINDS:
        return "broken"
    return "degraded" if codes else "ok"


def score(kind: str, issues: Iterable[Issue]) -> int:
    """0 to 100: each issue costs points; repeats of one code cost at most twice its penalty."""
    issues = list(issues)
    codes = [issue.code for issue in issues]
    if set(codes) & PAGE_FAILURES:
        return 0
    penalty = sum(PENALTIES.get(code, 10) * min(codes.count(code), 2) for code in set(codes))
    value = max(0, 100 - penalty)
    if classify(kind, issues) == "broken":
        value = min(value, BROKEN_SCORE_CAP)
    return value


def issue_codes(issues: Iterable[Issue]) -> list[str]:
    """Distinct issue codes in catalogue order, as events carry them."""
    present = {issue.code for issue in issues}
    return [code for code in ISSUE_CODES if code in present]


def is_stale(last_updated_at: datetime | None, now: datetime, stale_days: int) -> bool:
    return last_updated_at is not None and now - last_updated_at > timedelta(days=stale_days)


@dataclass(frozen=True)
class Transition:
    """What a new health means compared with the stored one."""

    became_broken: bool
    restored: bool


def transition(previous: str, current: str) -> Transition:
    was_broken, is_broken = previous == "broken", current == "broken"
    return Transition(became_broken=is_broken and not was_broken, restored=was_broken and not is_broken)


def tasks_for_check(health: str, issues: Iterable[Issue]) -> list[str]:
    """Task kinds a checked page calls for."""
    kinds = []
    if health == "broken":
        kinds.append("fix_broken_page")
    if any(issue.code == "stale" for issue in issues):
        kinds.append("refresh_stale_page")
    return kinds


def campaign_verdict(healths: Iterable[str], missing_product_pages: Iterable[str]) -> Verdict:
    """`blocked` on any broken page or missing product page, `at_risk` on any degraded one."""
    healths = list(healths)
    if "broken" in healths or any(True for _ in missing_product_pages):
        return "blocked"
    if "degraded" in healths:
        return "at_risk"
    return "ok"


def can_move_task(current: str, target: str) -> bool:
    """Done is final: reopening would allow two open tasks for one page or SKU."""
    return current != "done" or target == "done"


def ensure_task_can_move(task_id: str, current: str, target: str) -> None:
    if not can_move_task(current, target):
        raise Conflict(f"Task {task_id} is done; it cannot become {target} again.", current_status=current)


def guess_kind(url: str, patterns: Mapping[str, str]) -> str:
    """The first kind whose pattern matches the URL path; `other` when none does."""
    path = urlsplit(url).path or "/"
    for kind, pattern in patterns.items():
        if re.search(pattern, path, re.IGNORECASE):
            return kind
    return "other"


def task_subject(page_id: str | None = None, sku: str | None = None, url: str | None = None) -> str:
    """The key a task is unique by (with its kind) while open: a page, else a SKU, else a URL."""
    if page_id:
        return f"page:{page_id}"
    if sku:
        return f"sku:{sku}"
    if url:
        return f"url:{url}"
    raise ValueError("a task needs a page, a SKU or a URL")


SKU_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
MAX_URL_LENGTH = 2048


def printable(text: str) -> str:
    """Text from the outside world without control characters (databases refuse NUL)."""
    return "".join(char for char in text if ord(char) >= 32 or char in "\t\n")


def is_valid_sku(sku: str | None) -> bool:
    return sku is not None and re.fullmatch(SKU_PATTERN, sku) is not None


DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_url(url: str) -> str:
    """The one spelling of a page URL, so `/p/x`, `/p/x/` and `/p/x?` are one page: scheme and host
    in lower case, no default port, no fragment, no empty query, and no trailing slash on any
    path but the root (`https://shop.example` is `https://shop.example/`). The path and a
    non-empty query are kept as they are (servers may treat their case as meaningful)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username is not None:
        credentials = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{credentials}@{netloc}"
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def is_storable_url(url: str | None) -> bool:
    """An http(s) URL short enough to be a page key."""
    if not url or len(url) > MAX_URL_LENGTH or any(ord(char) <= 32 for char in url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
