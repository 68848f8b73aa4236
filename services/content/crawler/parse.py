"""HTML parsing with a real parser: title and every referenced image, asset and same-site link."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser


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


def _unique(urls: list[str | None]) -> list[str]:
    return list(dict.fromkeys(url for url in urls if url))


def parse_html(body: bytes, base_url: str) -> ParsedPage:
    tree = LexborHTMLParser(body.decode("utf-8", errors="replace"))
    base_node = tree.css_first("base[href]")
    base = urljoin(base_url, base_node.attributes.get("href") or "") if base_node else base_url
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node else None
    images = [_absolute(base, node.attributes.get("src")) for node in tree.css("img[src]")]
    images += [_absolute(base, node.attributes.get("src")) for node in tree.css("picture source[src]")]
    stylesheets = [
        _absolute(base, node.attributes.get("href"))
        for node in tree.css("link[href]")
        if "stylesheet" in (node.attributes.get("rel") or "").lower().split()
    ]
    scripts = [_absolute(base, node.attributes.get("src")) for node in tree.css("script[src]")]
    site = urlsplit(base_url).netloc.lower()
    links = [
        url for url in (_absolute(base, node.attributes.get("href")) for node in tree.css("a[href]"))
        if url and urlsplit(url).netloc.lower() == site
    ]
    return ParsedPage(title or None, _unique(images), _unique(stylesheets + scripts), _unique(list(links)))
