"""HTML parsing with a real parser: title and every referenced image, asset and same-site link."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode


@dataclass
class ParsedPage:
    title: str | None
    images: list[str] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def _absolute(base: str, reference: str | None) -> str | None:
    if not reference:
        return None
    reference = reference.strip()
    if not reference or reference.startswith(("data:", "javascript:", "mailto:", "tel:", "#")):
        return None
    url, _ = urldefrag(urljoin(base, reference))
    return url if urlsplit(url).scheme in ("http", "https") else None


def _collect(
    nodes: Iterable[LexborNode], attribute: str, base: str, limit: int | None,
    keep: Callable[[LexborNode], bool] = lambda _: True, same_site: str | None = None,
) -> list[str]:
    """Unique absolute http(s) URLs of the nodes' attribute, in page order, at most `limit`.

    A page may reference tens of thousands of URLs while only a few hundred are checked: resolving
    stops at the limit, and a reference seen before is not resolved again."""
    found: dict[str, None] = {}
    seen: set[str] = set()
    for node in nodes:
        if limit is not None and len(found) >= limit:
            break
        reference = node.attributes.get(attribute)
        if not reference or reference in seen or not keep(node):
            continue
        seen.add(reference)
        url = _absolute(base, reference)
        if url and (same_site is None or urlsplit(url).netloc.lower() == same_site):
            found[url] = None
    return list(found)


def _is_stylesheet(node: LexborNode) -> bool:
    return "stylesheet" in (node.attributes.get("rel") or "").lower().split()


def parse_html(body: bytes, base_url: str, limit: int | None = None) -> ParsedPage:
    """Title and references of a page; `limit` caps the URLs kept of each kind."""
    tree = LexborHTMLParser(body.decode("utf-8", errors="replace"))
    base_node = tree.css_first("base[href]")
    base = urljoin(base_url, base_node.attributes.get("href") or "") if base_node else base_url
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node else None
    images = _collect(tree.css("img[src], picture source[src]"), "src", base, limit)
    assets = _collect(tree.css("link[href]"), "href", base, limit, _is_stylesheet)
    assets += _collect(tree.css("script[src]"), "src", base, limit)
    links = _collect(tree.css("a[href]"), "href", base, limit, same_site=urlsplit(base_url).netloc.lower())
    return ParsedPage(title or None, images, list(dict.fromkeys(assets)), links)
