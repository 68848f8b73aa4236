"""Hostile input against the real services (SPEC 3 input limits): every answer is a problem a
client can read, never a server error. SSRF and sitemap bombs are covered in
tests/integration/content (test_ssrf_guard.py, test_page_health.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest

from tests.support.apps import ServiceUnderTest, auth

PROBLEM = "application/problem+json"
WRITES = {
    "inventory": ("POST", "/v1/stock/movements", "inventory"),
    "marketing": ("POST", "/v1/campaigns", "marketing"),
    "support": ("POST", "/v1/tickets", "support"),
    "content": ("PUT", "/v1/pages", "content"),
}


def assert_problem(response: httpx.Response, *statuses: int) -> None:
    assert response.status_code in statuses, response.text[:500]
    assert response.headers["content-type"] == PROBLEM
    assert "Traceback" not in response.text and "File \"" not in response.text


@pytest.fixture
async def services(start_service: Callable[..., Awaitable[ServiceUnderTest]]) -> dict[str, ServiceUnderTest]:
    return {name: await start_service(name, run_background_tasks=False) for name in WRITES}


async def _chunks(size: int) -> AsyncIterator[bytes]:
    for _ in range(size // 65_536 + 1):
        yield b" " * 65_536


async def test_bodies_over_one_mebibyte_get_413_declared_or_streamed(
    services: dict[str, ServiceUnderTest],
) -> None:
    for name, (method, path, role) in WRITES.items():
        client = services[name].client
        declared = await client.request(method, path, headers=auth(role),
                                        json={"name": "x" * 1_100_000})
        assert_problem(declared, 413)
        streamed = await client.request(method, path, content=_chunks(1_200_000),
                                        headers={**auth(role), "content-type": "application/json"})
        assert_problem(streamed, 413)


async def test_deeply_nested_json_is_refused_not_crashed_on(services: dict[str, ServiceUnderTest]) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    for name, (method, path, role) in WRITES.items():
        response = await services[name].client.request(
            method, path, content=nested, headers={**auth(role), "content-type": "application/json"})
        assert_problem(response, 400, 422)


async def test_invalid_utf8_and_nul_bytes_are_refused_not_crashed_on(
    services: dict[str, ServiceUnderTest],
) -> None:
    for name, (method, path, role) in WRITES.items():
        client = services[name].client
        broken = await client.request(method, path, content=b'{"name": "\xff\xfe"}',
                                      headers={**auth(role), "content-type": "application/json"})
        assert_problem(broken, 400, 422)
    support = services["support"].client
    nul = await support.post("/v1/tickets", headers=auth("storefront"), json={
        "customer_ref": "C-\x00", "channel": "web", "subject": "Hello\x00", "body": "nul \x00 byte"})
    assert nul.status_code in (201, 422), nul.text
    if nul.status_code == 422:
        assert_problem(nul, 422)


async def test_huge_lists_are_refused_by_their_limits(services: dict[str, ServiceUnderTest]) -> None:
    skus = ",".join(f"SKU-{n}" for n in range(201))
    stock = await services["inventory"].client.get(f"/v1/stock?skus={skus}", headers=auth("storefront"))
    assert_problem(stock, 422)
    lines = [{"sku": f"SKU-{n}", "qty": 1, "reason": "other"} for n in range(20_000)]
    returns = await services["support"].client.post(
        "/v1/returns", headers=auth("storefront"),
        json={"order_ref": "ORD-1", "customer_ref": "C-1", "lines": lines})
    assert_problem(returns, 422)
    items = [{"sku": f"SKU-{n}"} for n in range(501)]
    campaign = await services["marketing"].client.post("/v1/campaigns", headers=auth("marketing"), json={
        "name": "Big", "channels": ["email"], "starts_at": "2030-01-01T00:00:00Z",
        "ends_at": "2030-01-02T00:00:00Z", "items": items})
    assert_problem(campaign, 422)


SQL_LIKE = ["' OR '1'='1", "x'; DROP TABLE pages; --", "1 UNION SELECT * FROM inbox", "%", "_", "\\"]


async def test_sql_looking_filters_match_nothing_and_break_nothing(
    services: dict[str, ServiceUnderTest],
) -> None:
    probes = [
        ("support", "/v1/tickets", "support", "topic"), ("support", "/v1/tickets", "support", "sku"),
        ("content", "/v1/pages", "content", "sku"), ("marketing", "/v1/promotions", "storefront", "sku"),
        ("marketing", "/v1/campaigns", "marketing", "status"), ("content", "/v1/tasks", "content", "kind"),
        ("support", "/v1/advisories", "support", "campaign_id"),
    ]
    for name, path, role, field in probes:
        for value in SQL_LIKE:
            response = await services[name].client.get(path, params={field: value}, headers=auth(role))
            if response.status_code == 200:
                assert response.json()["items"] == [], (path, field, value)
            else:
                assert_problem(response, 422)
    pages = await services["content"].client.get("/v1/pages", headers=auth("content"))
    assert pages.status_code == 200


async def test_correlation_id_injection_is_neutralised(services: dict[str, ServiceUnderTest]) -> None:
    client = services["inventory"].client
    for hostile in ("abc\r\nSet-Cookie: session=stolen", "é" * 50, "<script>alert(1)</script>", "x" * 10_000):
        response = await client.get("/healthz", headers={"X-Correlation-ID": hostile.encode("utf-8")})
        echoed = response.headers["x-correlation-id"]
        assert "\r" not in echoed and "\n" not in echoed and "<" not in echoed
        assert len(echoed) <= 128
        assert "set-cookie" not in response.headers
