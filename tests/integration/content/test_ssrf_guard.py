"""The SSRF guard against real requests: private targets refused unless allowed, every hop checked."""

from services.content.crawler.fetch import Fetcher, FetchLimits
from services.content.crawler.guard import UrlGuard

LIMITS = FetchLimits(timeout_seconds=5, max_redirects=5, max_bytes=1_000_000, concurrency=4,
                     per_host_concurrency=2, user_agent="test-checker")


async def _fetch(url: str, allow_private: bool = False, allowed_hosts: tuple[str, ...] = ()):
    async with Fetcher(LIMITS, UrlGuard(allow_private, allowed_hosts)) as fetcher:
        return await fetcher.fetch(url)


async def test_private_loopback_and_link_local_targets_are_refused_without_a_request(site):
    before = len(site.state.requests)
    for url in (site.url("/products/healthy"), "http://169.254.169.254/latest/meta-data/",
                site.url("/products/healthy", host="localhost"), "http://[::1]:1/", "http://10.0.0.8/"):
        result = await _fetch(url)
        assert result.status is None, url
        assert result.error is not None and result.error.startswith("refused"), (url, result.error)
    assert len(site.state.requests) == before


async def test_only_http_and_https_are_fetched(site):
    result = await _fetch(f"ftp://127.0.0.1:{site.port}/file", allow_private=True)
    assert result.status is None
    assert "only http and https" in (result.error or "")


async def test_an_allowed_host_may_not_redirect_to_a_private_host_that_is_not_allowed(site):
    direct = await _fetch(site.url("/products/healthy"), allowed_hosts=("127.0.0.1",))
    assert direct.status == 200
    redirected = await _fetch(site.url("/to-localhost"), allowed_hosts=("127.0.0.1",))
    assert redirected.status is None
    assert redirected.final_url.startswith("http://localhost:")
    assert "refused: localhost resolves to the non-public address" in (redirected.error or "")


async def test_private_targets_are_fetched_when_the_setting_allows_them(site):
    result = await _fetch(site.url("/to-localhost"), allow_private=True)
    assert result.status == 200
    assert result.final_url == site.url("/products/healthy", host="localhost")


async def test_a_host_that_rebinds_to_a_private_address_after_the_check_is_refused_at_connect(site):
    answers = [["93.184.216.34"], ["127.0.0.1"]]

    async def rebinding(_host, _port):
        return answers.pop(0) if len(answers) > 1 else answers[0]

    before = len(site.state.requests)
    async with Fetcher(LIMITS, UrlGuard(False, resolver=rebinding)) as fetcher:
        result = await fetcher.fetch(f"http://rebind.example:{site.port}/products/healthy")
    assert result.status is None
    assert "rebind.example resolves to the non-public address 127.0.0.1" in (result.error or "")
    assert answers == [["127.0.0.1"]]  # the URL check saw the public answer, the connection the private one
    assert len(site.state.requests) == before
