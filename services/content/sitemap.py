"""Sitemap import: urlsets and sitemap indexes, plain or gzip, with caps against sitemap bombs."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from services.content.crawler.fetch import Fetcher

GZIP_MAGIC = b"\x1f\x8b"


class SitemapError(Exception):
    """A sitemap that cannot be fetched or read."""


@dataclass
class SitemapEntries:
    urls: list[str] = field(default_factory=list)
    truncated: bool = False


def decompress(body: bytes, max_bytes: int) -> bytes:
    """Gunzip at most `max_bytes`; a larger result is refused rather than expanded."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, max_bytes + 1)
    except zlib.error as error:
        raise SitemapError(f"the gzip data is corrupt: {error}") from error
    if len(data) > max_bytes:
        raise SitemapError(f"the sitemap expands beyond {max_bytes} bytes")
    return data


def parse(document: bytes) -> tuple[list[str], list[str]]:
    """(page URLs, child sitemap URLs) of one document; DTDs are refused, so no entity tricks."""
    head = document[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in document.lower():
        raise SitemapError("sitemaps with a DTD or entities are refused")
    try:
        root = ElementTree.fromstring(document)
    except ElementTree.ParseError as error:
        raise SitemapError(f"the sitemap is not well-formed XML: {error}") from error
    pages: list[str] = []
    children: list[str] = []
    for element in root:
        name = element.tag.rsplit("}", 1)[-1]
        loc = next((child.text for child in element if child.tag.rsplit("}", 1)[-1] == "loc"), None)
        if not loc or not loc.strip():
            continue
        if name == "url":
            pages.append(loc.strip())
        elif name == "sitemap":
            children.append(loc.strip())
    return pages, children


async def read_sitemap(
    fetcher: Fetcher, sitemap_url: str, max_urls: int, max_documents: int, max_bytes: int
) -> SitemapEntries:
    """Every page URL of the sitemap, following indexes breadth-first within the caps."""
    entries = SitemapEntries()
    queue, seen = [sitemap_url], {sitemap_url}
    documents = 0
    while queue:
        if documents >= max_documents:
            entries.truncated = True
            break
        url = queue.pop(0)
        documents += 1
        fetched = await fetcher.fetch(url)
        if fetched.failed:
            raise SitemapError(f"{url}: {fetched.error or f'HTTP {fetched.status}'}")
        if len(fetched.body) >= max_bytes:
            raise SitemapError(f"{url} is larger than {max_bytes} bytes")
        body = decompress(fetched.body, max_bytes) if fetched.body.startswith(GZIP_MAGIC) else fetched.body
        pages, children = parse(body)
        for page in pages:
            if len(entries.urls) >= max_urls:
                entries.truncated = True
                return entries
            entries.urls.append(page)
        for child in children:
            if child not in seen:
                seen.add(child)
                queue.append(child)
    entries.urls = list(dict.fromkeys(entries.urls))
    return entries
