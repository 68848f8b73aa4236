"""How a page and its problems are named in reasons and on the timeline."""

from __future__ import annotations

from collections.abc import Iterable

_ISSUE_WORDS = {
    "unreachable": "cannot be reached",
    "http_error": "answers with an HTTP error",
    "broken_image": "has a broken image",
    "broken_link": "has a broken link",
    "broken_asset": "has a broken stylesheet or script",
    "slow": "loads slowly (over 2 s)",
    "stale": "has not been updated for a long time",
    "missing_title": "has no title",
}


def describe_issues(issues: Iterable[str]) -> str:
    words = [_ISSUE_WORDS.get(issue, issue.replace("_", " ")) for issue in issues]
    return ", ".join(words) if words else "reported without details"


def describe_page(url: str, kind: str, sku: str | None) -> str:
    if kind == "product" and sku:
        return f"the product page of {sku} ({url})"
    return f"the {kind} page {url}"
