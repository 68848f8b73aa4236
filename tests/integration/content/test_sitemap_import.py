"""Sitemap imports are jobs: 202 with a status resource, written in short transactions, so the rest
of the API keeps answering while a 60,000-URL import runs (SQLite has one writer at a time)."""

import time

from tests.support.apps import auth
from tests.support.events import eventually

CONTENT = {"recheck_interval_seconds": 0, "crawl_poll_seconds": 0.2}
LARGE = 60_000


async def _import(content, sitemap_url, role="content"):
    response = await content.client.post("/v1/pages/import-sitemap", json={"sitemap_url": sitemap_url},
                                         headers=auth(role))
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/v1/pages/imports/{response.json()['id']}"
    assert response.json()["status"] == "queued"
    return response.headers["location"]


async def _finished(content, location, timeout=60.0):
    job = {}

    async def done():
        nonlocal job
        job = (await content.client.get(location, headers=auth("storefront"))).json()
        assert job["status"] in ("succeeded", "failed"), job

    await eventually(done, timeout=timeout, interval=0.2)
    return job


async def test_requests_made_while_a_large_import_runs_complete_before_it_and_never_fail(
    start_service, site,
):
    content = await start_service("content", **CONTENT, sitemap_max_urls=LARGE)
    location = await _import(content, site.url(f"/sitemaps/{LARGE}.xml"))

    async def writing():
        job = (await content.client.get(location, headers=auth("storefront"))).json()
        assert job["status"] == "running" and job["imported"] > 0, job

    await eventually(writing, timeout=60, interval=0.05)
    slowest, answered = 0.0, []
    for number in range(10):
        for method, path, body in (
            ("PUT", "/v1/pages", {"url": site.url(f"/products/meanwhile-{number}"), "kind": "product",
                                  "sku": f"SKU-MEANWHILE-{number}"}),
            ("GET", "/v1/pages?limit=5&kind=product", None),
            ("GET", "/v1/tasks?limit=5", None),
            ("GET", location, None),
        ):
            started = time.monotonic()
            response = await content.client.request(method, path, json=body, headers=auth("content"))
            slowest = max(slowest, time.monotonic() - started)
            answered.append((method, path, response.status_code))
    still = (await content.client.get(location, headers=auth("storefront"))).json()
    assert still["status"] == "running", "the import ended before the requests made meanwhile did"
    assert [answer for answer in answered if answer[2] >= 500] == []
    assert {status for _, _, status in answered} <= {200, 201}
    assert slowest < 5, f"a request waited {slowest:.1f} s for the import"

    job = await _finished(content, location, timeout=120)
    assert (job["status"], job["found"], job["imported"], job["updated"], job["truncated"]) == (
        "succeeded", LARGE, LARGE, 0, False)
    products = await content.client.get("/v1/pages?kind=product&limit=1", headers=auth("storefront"))
    assert products.status_code == 200 and products.json()["next_cursor"]


async def test_an_import_counts_new_and_existing_pages_and_keeps_corrected_kinds(start_service, site):
    content = await start_service("content", **CONTENT)
    corrected = await content.client.put("/v1/pages", headers=auth("content"), json={
        "url": site.url("/c/slow/"), "kind": "landing"})
    assert corrected.status_code == 201, corrected.text
    first = await _finished(content, await _import(content, site.url("/sitemap.xml")))
    assert (first["status"], first["found"], first["imported"], first["updated"]) == ("succeeded", 6, 5, 1)
    again = await _finished(content, await _import(content, site.url("/sitemap.xml"), role="admin"))
    assert (again["found"], again["imported"], again["updated"]) == (6, 0, 6)
    listed = (await content.client.get("/v1/pages?limit=200", headers=auth("storefront"))).json()["items"]
    assert len(listed) == 6
    assert {page["url"]: page["kind"] for page in listed}[site.url("/c/slow")] == "landing"


async def test_a_sitemap_that_cannot_be_read_fails_its_import_with_the_reason(start_service, site):
    content = await start_service("content", **CONTENT, sitemap_max_bytes=1_000_000)
    bomb = await _finished(content, await _import(content, site.url("/sitemap-bomb.xml.gz")))
    assert bomb["status"] == "failed" and "expands beyond 1000000 bytes" in bomb["error"]
    missing = await _finished(content, await _import(content, site.url("/no-such-sitemap.xml")))
    assert missing["status"] == "failed" and "HTTP 404" in missing["error"]
    assert (await content.client.get("/v1/pages", headers=auth("storefront"))).json()["items"] == []
    unknown = await content.client.get("/v1/pages/imports/5f0c6a8e-3f7e-4a59-9a43-0d7a3c2b8f11",
                                       headers=auth("storefront"))
    assert unknown.status_code == 404
    refused = await content.client.post("/v1/pages/import-sitemap", json={"sitemap_url": "ftp://x/s.xml"},
                                        headers=auth("content"))
    assert refused.status_code == 422
