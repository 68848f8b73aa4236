"""A crawl requests each URL once: a link to a page of the same crawl is answered by that page's
own request, and a link to a page outside it by a request of its own."""

from services.content.crawler.check import PageTarget
from services.content.crawler.crawl import CrawlerConfig, check_pages
from services.content.settings import Settings

CONFIG = CrawlerConfig.from_settings(Settings(database_url="sqlite+aiosqlite://", allow_private_targets=True))


def _requests_since(site, before: int) -> list[tuple[str, str]]:
    return sorted(site.state.requests[before:])


async def test_a_link_to_a_page_of_the_crawl_is_not_requested_again(site):
    before = len(site.state.requests)
    healthy, untitled = site.url("/products/healthy"), site.url("/products/untitled")
    results = await check_pages(CONFIG, [PageTarget(healthy, "product"), PageTarget(untitled, "product")])
    requests = _requests_since(site, before)
    assert requests.count(("GET", "/products/untitled")) == 1
    assert ("HEAD", "/products/untitled") not in requests
    assert [issue.code for issue in results[0].issues] == []  # the link answered 200
    assert [issue.code for issue in results[1].issues] == ["missing_title"]


async def test_a_link_to_a_page_outside_the_crawl_is_checked_with_its_own_request(site):
    before = len(site.state.requests)
    results = await check_pages(CONFIG, [PageTarget(site.url("/products/healthy"), "product")])
    requests = _requests_since(site, before)
    assert ("HEAD", "/products/untitled") in requests
    assert ("GET", "/products/untitled") not in requests
    assert results[0].health == "ok"


async def test_a_link_to_a_broken_page_of_the_crawl_is_a_broken_link(site):
    results = await check_pages(CONFIG, [PageTarget(site.url("/faq/bad-link"), "faq"),
                                         PageTarget(site.url("/faq/gone"), "faq")])
    assert [(issue.code, issue.url) for issue in results[0].issues] == [("broken_link", site.url("/faq/gone"))]
    assert [issue.code for issue in results[1].issues] == ["http_error"]
