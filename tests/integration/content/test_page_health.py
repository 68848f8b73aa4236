"""Health checks and crawls against the local test site, classified as SPEC 8 says."""

from tests.support.apps import auth
from tests.support.events import EventProbe, eventually

CONTENT = {"slow_seconds": 0.3, "recheck_interval_seconds": 0, "crawl_poll_seconds": 0.2}


async def _put(service, body):
    response = await service.client.put("/v1/pages", json=body, headers=auth("content"))
    assert response.status_code in (200, 201), response.text
    return response.json()


async def _crawl_done(service, crawl_id):
    crawl = (await service.client.get(f"/v1/crawls/{crawl_id}", headers=auth("storefront"))).json()
    assert crawl["status"] == "completed", crawl
    return crawl


async def test_crawl_classifies_every_kind_of_page_problem(start_service, site):
    content = await start_service("content", **CONTENT)
    imported = await content.client.post(
        "/v1/pages/import-sitemap", json={"sitemap_url": site.url("/sitemap.xml")}, headers=auth("content")
    )
    assert imported.status_code == 202, imported.text

    async def import_done():
        job = (await content.client.get(imported.headers["location"], headers=auth("content"))).json()
        assert (job["status"], job["imported"], job["updated"]) == ("succeeded", 6, 0), job

    await eventually(import_done, timeout=30)
    for path, kind, sku in [("/products/error", "product", "SKU-ERR"), ("/loop/a", "landing", None),
                            ("/products/untitled", "product", "SKU-UNT")]:
        await _put(content, {"url": site.url(path), "kind": kind, "sku": sku})
    await _put(content, {"url": site.url("/products/healthy"), "kind": "product", "sku": "SKU-OK",
                         "title": "Trail runner"})
    await _put(content, {"url": site.url("/campaigns/spring"), "kind": "landing",
                         "last_updated_at": "2020-01-01T00:00:00Z"})

    requests_before = len(site.state.requests)
    started = await content.client.post("/v1/crawls", json={}, headers=auth("content"))
    assert started.status_code == 202, started.text
    assert started.headers["location"] == f"/v1/crawls/{started.json()['id']}"
    crawl = None

    async def finished():
        nonlocal crawl
        crawl = await _crawl_done(content, started.json()["id"])

    await eventually(finished, timeout=30)
    assert crawl is not None
    assert (crawl["total"], crawl["done"], crawl["broken"], crawl["degraded"]) == (9, 9, 3, 5)

    listed = (await content.client.get("/v1/pages?limit=200", headers=auth("marketing"))).json()["items"]
    by_path = {page["url"].split(str(site.port), 1)[1]: page for page in listed}
    expected = {
        "/products/healthy": ("ok", set()),
        "/campaigns/spring": ("degraded", {"stale"}),
        "/products/broken-image": ("broken", {"broken_image"}),
        "/c/broken-image": ("degraded", {"broken_image"}),
        "/faq/bad-link": ("degraded", {"broken_link"}),
        "/products/error": ("broken", {"http_error"}),
        "/c/slow": ("degraded", {"slow"}),
        "/loop/a": ("broken", {"unreachable"}),
        "/products/untitled": ("degraded", {"missing_title"}),
    }
    assert {path: (page["health"], {i["code"] for i in page["issues"]}) for path, page in by_path.items()} \
        == expected
    assert by_path["/campaigns/spring"]["kind"] == "landing"
    assert by_path["/c/slow"]["kind"] == "category"
    assert by_path["/products/healthy"]["score"] == 100
    assert by_path["/products/error"]["score"] == 0
    assert 0 < by_path["/c/broken-image"]["score"] < 100
    assert "redirects" in by_path["/loop/a"]["issues"][0]["detail"]
    broken_image = by_path["/products/broken-image"]["issues"][0]
    assert broken_image["url"] == site.url("/img/missing.png")
    # Seven crawled pages use the stylesheet; the crawl requested it once.
    crawl_requests = site.state.requests[requests_before:]
    assert crawl_requests.count(("HEAD", "/static/site.css")) == 1
    assert crawl_requests.count(("GET", "/static/site.css")) == 0
    assert ("GET", "/img/missing.png") in crawl_requests  # the HEAD failure was confirmed with a GET

    summary = (await content.client.get("/v1/health/summary", headers=auth("support"))).json()
    assert summary["by_health"] == {"ok": 1, "broken": 3, "degraded": 5}
    assert summary["by_kind"]["product"] == {"ok": 1, "broken": 2, "degraded": 1}

    tasks = (await content.client.get("/v1/tasks?kind=fix_broken_page", headers=auth("storefront"))).json()
    assert sorted(t["page_id"] for t in tasks["items"]) == sorted(
        by_path[p]["id"] for p in ("/products/broken-image", "/products/error", "/loop/a")
    )
    stale = (await content.client.get("/v1/tasks?kind=refresh_stale_page", headers=auth("content"))).json()
    assert [t["page_id"] for t in stale["items"]] == [by_path["/campaigns/spring"]["id"]]
    product_only = (await content.client.get("/v1/pages?kind=product&health=broken",
                                             headers=auth("inventory"))).json()["items"]
    assert len(product_only) == 2


async def test_writes_need_the_content_role_and_bad_input_is_a_problem_not_a_crash(start_service, site):
    settings = {**CONTENT, "sitemap_max_bytes": 1_000_000, "recheck_interval_seconds": 0.3}
    content = await start_service("content", **settings)
    body = {"url": site.url("/products/healthy"), "kind": "product", "sku": "SKU-OK"}
    assert (await content.client.put("/v1/pages", json=body, headers=auth("marketing"))).status_code == 403
    assert (await content.client.put("/v1/pages", json=body)).status_code == 401
    page = await _put(content, body)
    for bad in ({**body, "url": "ftp://x.example/a"}, {**body, "kind": "blog"}, {**body, "sku": "bad sku"},
                {**body, "url": "https://x.example/" + "a" * 3000}, {**body, "title": "nul\u0000"},
                {**body, "last_updated_at": "0001-01-01T00:00:00+05:00"}, {**body, "sku": "S" * 65}):
        response = await content.client.put("/v1/pages", json=bad, headers=auth("content"))
        assert response.status_code == 422, bad
    assert (await content.client.get("/v1/pages/nope", headers=auth("storefront"))).status_code == 404
    assert (await content.client.get("/v1/crawls/nope", headers=auth("storefront"))).status_code == 404
    assert (await content.client.get("/v1/pages?cursor=%%%", headers=auth("storefront"))).status_code == 422
    assert (await content.client.get("/v1/pages?sku=a%20b", headers=auth("storefront"))).status_code == 422
    naive = await _put(content, {**body, "url": site.url("/c/slow"),
                                 "last_updated_at": "2026-01-01T00:00:00"})
    assert naive["last_updated_at"] == "2026-01-01T00:00:00Z"
    for bad_id in ("%00", "a" * 40, "x y"):
        assert (await content.client.get(f"/v1/pages/{bad_id}", headers=auth("content"))).status_code == 422
    bad_crawl = await content.client.post("/v1/crawls", json={"page_ids": ["\u0000"]},
                                          headers=auth("content"))
    assert bad_crawl.status_code == 422

    async def rechecked_periodically():
        stored = (await content.client.get(f"/v1/pages/{page['id']}", headers=auth("storefront"))).json()
        assert stored["health"] == "ok" and stored["checked_at"] is not None

    await eventually(rechecked_periodically, timeout=20)
    checked = await content.client.post(f"/v1/pages/{page['id']}/check", headers=auth("content"))
    assert checked.json()["health"] == "ok"
    deleted = await content.client.delete(f"/v1/pages/{page['id']}", headers=auth("content"))
    assert deleted.status_code == 204
    assert (await content.client.get(f"/v1/pages/{page['id']}", headers=auth("content"))).status_code == 404


async def test_a_fixed_page_emits_broken_once_and_restored_once_and_one_task(start_service, site, broker,
                                                                              namespace):
    site.state.toggle_broken = True
    content = await start_service("content", **CONTENT)
    async with EventProbe(broker.bootstrap, namespace, ["content.events"]) as events:
        page = await _put(content, {"url": site.url("/products/toggle"), "kind": "product", "sku": "SKU-T"})
        check = f"/v1/pages/{page['id']}/check"
        healths = []
        for _ in range(3):
            healths.append((await content.client.post(check, headers=auth("content"))).json()["health"])
        site.state.toggle_broken = False
        for _ in range(3):
            healths.append((await content.client.post(check, headers=auth("content"))).json()["health"])
        assert healths == ["broken"] * 3 + ["ok"] * 3
        await events.wait_for("content.page.restored.v1")
        await eventually(lambda: _assert_transitions(events, page["id"]))
        [broken] = events.of_type("content.page.broken.v1")
        assert broken.data == {"page_id": page["id"], "url": page["url"], "kind": "product",
                               "sku": "SKU-T", "issues": ["http_error"]}
    tasks = (await content.client.get("/v1/tasks", headers=auth("content"))).json()["items"]
    assert [(t["kind"], t["page_id"]) for t in tasks] == [("fix_broken_page", page["id"])]


def _assert_transitions(events, page_id):
    kinds = [e.type for e in events.events if e.subject == page_id]
    assert kinds == ["content.page.broken.v1", "content.page.restored.v1"]
