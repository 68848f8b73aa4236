"""The guard with a fake resolver, HTML parsing and sitemap reading, without any network."""

import gzip
import ssl

import pytest

from services.content import sitemap
from services.content.crawler.fetch import Fetcher, FetchLimits, tls_context
from services.content.crawler.guard import UnsafeTarget, UrlGuard
from services.content.crawler.parse import parse_html


def _resolver(table):
    async def resolve(host, _port):
        if host not in table:
            raise OSError("no such host")
        return table[host]
    return resolve


DNS = {"shop.example": ["93.184.216.34"], "intranet.example": ["10.1.2.3"],
       "mixed.example": ["93.184.216.34", "192.168.0.5"], "mapped.example": ["::ffff:127.0.0.1"]}


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/admin", "http://169.254.169.254/latest/meta-data/", "http://intranet.example/",
    "http://mixed.example/", "http://mapped.example/", "http://[::1]/", "http://0.0.0.0/",
    "http://224.0.0.1/", "ftp://shop.example/file", "file:///etc/passwd", "http:///nohost",
    "http://unknown.example/",
])
async def test_guard_refuses_non_public_or_non_http_targets(url):
    with pytest.raises(UnsafeTarget):
        await UrlGuard(False, resolver=_resolver(DNS)).check(url)


async def test_guard_admits_public_hosts_and_explicitly_allowed_private_ones():
    guard = UrlGuard(False, allowed_hosts=["intranet.example"], resolver=_resolver(DNS))
    await guard.check("https://shop.example/products/a")
    await guard.check("http://intranet.example/")
    await UrlGuard(True, resolver=_resolver(DNS)).check("http://10.0.0.1/")
    with pytest.raises(UnsafeTarget):
        await UrlGuard(True, resolver=_resolver(DNS)).check("gopher://10.0.0.1/")


def test_parser_finds_title_images_assets_and_only_same_site_links():
    html = b"""<html><head><title> Boots </title><link rel="stylesheet" href="/a.css">
    <link rel="icon" href="/fav.ico"><script src="app.js"></script></head><body>
    <img src="/i.png"><img src="data:image/png;base64,AA"><img src="/i.png">
    <a href="/p/2#reviews">next</a><a href="https://other.example/">other</a><a href="mailto:x@y">m</a>
    </body></html>"""
    parsed = parse_html(html, "https://shop.example/p/1")
    assert parsed.title == "Boots"
    assert parsed.images == ["https://shop.example/i.png"]
    assert parsed.assets == ["https://shop.example/a.css", "https://shop.example/p/app.js"]
    assert parsed.links == ["https://shop.example/p/2"]
    assert parse_html(b"<p>no head</p>", "https://shop.example/").title is None


def test_sitemap_parsing_reads_urlsets_and_indexes_and_refuses_entities_and_bombs():
    urlset = (b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
              b"<url><loc> https://s/a </loc></url></urlset>")
    assert sitemap.parse(urlset) == (["https://s/a"], [])
    index = b"<sitemapindex><sitemap><loc>https://s/1.xml</loc></sitemap></sitemapindex>"
    assert sitemap.parse(index) == ([], ["https://s/1.xml"])
    with pytest.raises(sitemap.SitemapError):
        sitemap.parse(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><urlset>&a;</urlset>')
    with pytest.raises(sitemap.SitemapError):
        sitemap.parse(b"<urlset><url>")
    assert sitemap.decompress(gzip.compress(urlset), 10_000) == urlset
    with pytest.raises(sitemap.SitemapError):
        sitemap.decompress(gzip.compress(b" " * 100_000), 10_000)
    with pytest.raises(sitemap.SitemapError):
        sitemap.decompress(b"\x1f\x8bnot gzip", 10_000)


def test_parser_keeps_at_most_the_limit_of_each_kind_and_resolves_repeats_once():
    html = "<html><body>" + "".join(
        f"<a href='/p/{n}'>p</a><img src='/i/{n % 3}.png'><script src='/s/{n}.js'></script>"
        for n in range(10_000)) + "</body></html>"
    parsed = parse_html(html.encode(), "https://shop.example/", limit=5)
    assert parsed.links == [f"https://shop.example/p/{n}" for n in range(5)]
    assert parsed.images == [f"https://shop.example/i/{n}.png" for n in range(3)]
    assert parsed.assets == [f"https://shop.example/s/{n}.js" for n in range(5)]
    assert len(parse_html(html.encode(), "https://shop.example/").links) == 10_000


async def test_every_fetcher_shares_one_certificate_verifying_tls_context():
    limits = FetchLimits(5.0, 3, 1024, 4, 2, "test-agent")
    async with Fetcher(limits, UrlGuard(False)) as first, Fetcher(limits, UrlGuard(False)) as second:
        contexts = {id(fetcher._client._transport._pool._ssl_context) for fetcher in (first, second)}
    assert contexts == {id(tls_context())}
    assert tls_context().verify_mode == ssl.CERT_REQUIRED and tls_context().check_hostname
