"""The fetcher reuses its connections: a reference checked without keeping its body (HEAD, a GET
for the status, a redirect hop) leaves its connection ready for the next request."""

from services.content.crawler.fetch import Fetcher, FetchLimits
from services.content.crawler.guard import UrlGuard

# One request at a time to the host: every request may reuse the connection of the one before.
LIMITS = FetchLimits(timeout_seconds=5, max_redirects=5, max_bytes=1_000_000, concurrency=1,
                     per_host_concurrency=1, user_agent="test-checker")


async def _connections_of(site, requests) -> tuple[list, int]:
    before = len(site.state.clients)
    async with Fetcher(LIMITS, UrlGuard(True)) as fetcher:
        results = [await request(fetcher) for request in requests]
    return results, len(set(site.state.clients[before:]))


async def test_status_checks_of_references_share_one_connection(site):
    urls = [site.url(path) for path in ("/img/shoe.png", "/static/site.css", "/img/missing.png",
                                        "/products/healthy", "/img/shoe.png")]
    results, connections = await _connections_of(
        site, [lambda fetcher, url=url: fetcher.status_of(url) for url in urls])
    assert [result.status for result in results] == [200, 200, 404, 200, 200]
    assert all(result.body == b"" for result in results)
    assert connections == 1


async def test_pages_and_redirect_hops_share_one_connection_with_the_status_checks(site):
    results, connections = await _connections_of(site, [
        lambda fetcher: fetcher.fetch(site.url("/products/healthy")),
        lambda fetcher: fetcher.fetch(site.url("/loop/0")),  # redirects until the hop limit
        lambda fetcher: fetcher.status_of(site.url("/products/broken-image")),
        lambda fetcher: fetcher.fetch(site.url("/products/broken-image")),
    ])
    assert results[0].status == 200 and b"<title>" in results[0].body
    assert results[1].status is None and "redirects" in (results[1].error or "")
    assert results[2].status == 200 and results[2].body == b""
    assert results[3].status == 200 and results[3].body
    assert connections == 1
