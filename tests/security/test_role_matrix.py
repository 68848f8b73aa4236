"""Every route of every service against every role, no key and a wrong key (SPEC 3).

The table below is the contract; the routes come from the apps themselves, so a route that is
added without a row here fails, and so does a row whose route is gone.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from shared.migrate import SERVICES
from tests.security.routes import app_routes
from tests.support.apps import ServiceUnderTest, run_service
from tests.support.broker import Broker
from tests.support.databases import sqlite_url

ROLES = ("storefront", "marketing", "inventory", "support", "content", "admin")
PUBLIC = frozenset({"public"})
ANY_ROLE = frozenset(ROLES)
ADMIN = frozenset({"admin"})


def owner(*roles: str) -> frozenset[str]:
    return frozenset({*roles, "admin"})


OPERATIONS = {
    ("GET", "/healthz"): PUBLIC, ("GET", "/readyz"): PUBLIC, ("GET", "/metrics"): PUBLIC,
    ("GET", "/asyncapi.json"): PUBLIC, ("GET", "/openapi.json"): PUBLIC, ("GET", "/docs"): PUBLIC,
    ("GET", "/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/v1/admin/dead-letters"): ADMIN,
    ("POST", "/v1/admin/dead-letters/{dead_letter_id}/replay"): ADMIN,
    ("POST", "/v1/admin/outbox/resend"): ADMIN,
}

EXPECTED: dict[str, dict[tuple[str, str], frozenset[str]]] = {
    "marketing": {
        **OPERATIONS,
        ("POST", "/v1/campaigns"): owner("marketing"),
        ("GET", "/v1/campaigns"): ANY_ROLE,
        ("GET", "/v1/campaigns/{campaign_id}"): ANY_ROLE,
        ("PATCH", "/v1/campaigns/{campaign_id}"): owner("marketing"),
        ("POST", "/v1/campaigns/{campaign_id}/launch-request"): owner("marketing"),
        ("POST", "/v1/campaigns/{campaign_id}/launch"): owner("marketing"),
        ("POST", "/v1/campaigns/{campaign_id}/pause"): owner("marketing"),
        ("POST", "/v1/campaigns/{campaign_id}/resume"): owner("marketing"),
        ("POST", "/v1/campaigns/{campaign_id}/end"): owner("marketing"),
        ("POST", "/v1/campaigns/{campaign_id}/cancel"): owner("marketing"),
        ("GET", "/v1/campaigns/{campaign_id}/readiness"): ANY_ROLE,
        ("GET", "/v1/campaigns/{campaign_id}/timeline"): ANY_ROLE,
        ("GET", "/v1/promotions"): ANY_ROLE,
    },
    "inventory": {
        **OPERATIONS,
        ("GET", "/v1/stock/{sku}"): ANY_ROLE,
        ("GET", "/v1/stock"): ANY_ROLE,
        ("POST", "/v1/stock/movements"): owner("inventory"),
        ("POST", "/v1/reservations"): owner("inventory", "storefront"),
        ("GET", "/v1/reservations/{reservation_id}"): owner("inventory", "storefront"),
        ("POST", "/v1/reservations/{reservation_id}/commit"): owner("inventory", "storefront"),
        ("POST", "/v1/reservations/{reservation_id}/release"): owner("inventory", "storefront"),
        ("PUT", "/v1/warehouses/{code}"): owner("inventory"),
        ("GET", "/v1/warehouses"): ANY_ROLE,
        ("PUT", "/v1/items/{sku}"): owner("inventory"),
        ("GET", "/v1/items/{sku}"): ANY_ROLE,
        ("GET", "/v1/items/{sku}/movements"): ANY_ROLE,
        ("GET", "/v1/campaign-checks/{campaign_id}"): ANY_ROLE,
        ("GET", "/v1/admin/stock-drift"): owner("inventory"),
        ("POST", "/v1/fulfilments"): owner("inventory", "storefront"),
        ("GET", "/v1/fulfilments"): owner("inventory", "storefront", "support"),
        ("GET", "/v1/fulfilments/{fulfilment_id}"): owner("inventory", "storefront", "support"),
        ("POST", "/v1/fulfilments/{fulfilment_id}/pick"): owner("inventory"),
        ("POST", "/v1/fulfilments/{fulfilment_id}/pack"): owner("inventory"),
        ("POST", "/v1/fulfilments/{fulfilment_id}/ship"): owner("inventory"),
        ("POST", "/v1/fulfilments/{fulfilment_id}/deliver"): owner("inventory"),
        ("POST", "/v1/fulfilments/{fulfilment_id}/exception"): owner("inventory"),
        ("POST", "/v1/fulfilments/{fulfilment_id}/cancel"): owner("inventory"),
        ("POST", "/v1/carrier-events"): owner("inventory"),
        ("GET", "/v1/quality-alerts"): ANY_ROLE,
        ("PATCH", "/v1/quality-alerts/{alert_id}"): owner("inventory"),
    },
    "support": {
        **OPERATIONS,
        ("POST", "/v1/tickets"): owner("support", "storefront"),
        ("GET", "/v1/tickets"): owner("support"),
        ("GET", "/v1/tickets/{ticket_id}"): owner("support", "storefront"),
        ("PATCH", "/v1/tickets/{ticket_id}"): owner("support"),
        ("POST", "/v1/returns"): owner("support", "storefront"),
        ("GET", "/v1/returns"): owner("support"),
        ("GET", "/v1/returns/{return_id}"): owner("support", "storefront"),
        ("POST", "/v1/returns/{return_id}/approve"): owner("support"),
        ("POST", "/v1/returns/{return_id}/reject"): owner("support"),
        ("POST", "/v1/returns/{return_id}/receive"): owner("support"),
        ("POST", "/v1/returns/{return_id}/inspect"): owner("support"),
        ("GET", "/v1/orders/{order_ref}"): owner("support", "storefront"),
        ("GET", "/v1/advisories"): ANY_ROLE,
        ("GET", "/v1/advisories/{advisory_id}"): ANY_ROLE,
        ("POST", "/v1/advisories/{advisory_id}/acknowledge"): owner("support"),
    },
    "content": {
        **OPERATIONS,
        ("PUT", "/v1/pages"): owner("content"),
        ("GET", "/v1/pages"): ANY_ROLE,
        ("GET", "/v1/pages/{page_id}"): ANY_ROLE,
        ("DELETE", "/v1/pages/{page_id}"): owner("content"),
        ("POST", "/v1/pages/{page_id}/check"): owner("content"),
        ("POST", "/v1/pages/import-sitemap"): owner("content"),
        ("GET", "/v1/pages/imports/{import_id}"): ANY_ROLE,
        ("POST", "/v1/crawls"): owner("content"),
        ("GET", "/v1/crawls/{crawl_id}"): ANY_ROLE,
        ("GET", "/v1/health/summary"): ANY_ROLE,
        ("GET", "/v1/health/missing-product-pages"): ANY_ROLE,
        ("GET", "/v1/tasks"): ANY_ROLE,
        ("PATCH", "/v1/tasks/{task_id}"): owner("content"),
    },
}

PATH_VALUES = {"sku": "SKU-1", "code": "WH-1"}
CALLERS: dict[str, dict[str, str]] = {
    **{role: {"Authorization": f"Bearer dev-{role}"} for role in ROLES},
    "no key": {},
    "unknown key": {"Authorization": "Bearer dev-intruder"},
    "other scheme": {"Authorization": "Basic ZGV2LWFkbWluOg=="},
}


def concrete(path: str) -> str:
    """The template with every parameter filled: a plausible value, or a fresh UUID for ids."""
    parts = []
    for part in path.split("/"):
        if part.startswith("{"):
            part = PATH_VALUES.get(part.strip("{}"), str(uuid.uuid4()))
        parts.append(part)
    return "/".join(parts)


def expected_outcome(allowed: frozenset[str], caller: str) -> str:
    if allowed == PUBLIC:
        return "admitted"
    if caller not in ROLES:
        return "401"
    return "admitted" if caller in allowed else "403"


def outcome(status: int) -> str:
    if status in (401, 403):
        return str(status)
    return "server error" if status >= 500 else "admitted"


# The board's pages sign in with a session and a CSRF token, not a bearer key: its own tests
# (tests/integration/board) check who is let in.
API_SERVICES = [name for name in SERVICES if name != "board"]


@pytest.fixture(scope="module", params=API_SERVICES)
async def service(
    request: pytest.FixtureRequest, broker: Broker, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[ServiceUnderTest]:
    name = str(request.param)
    database = sqlite_url(tmp_path_factory.mktemp(f"roles-{name}"), name)
    async with run_service(name, database, broker.bootstrap, f"r{uuid.uuid4().hex[:8]}.") as running:
        yield running


def test_the_table_names_every_route_and_only_real_ones(service: ServiceUnderTest) -> None:
    routes = set(app_routes(service.app))
    table = set(EXPECTED[service.name])
    assert routes - table == set(), "routes without an entry in the role table"
    assert table - routes == set(), "entries in the role table for routes that do not exist"


async def test_each_route_admits_exactly_its_roles(service: ServiceUnderTest) -> None:
    mismatches = []
    for method, path in app_routes(service.app):
        allowed = EXPECTED[service.name].get((method, path), frozenset())
        body = {"json": {}} if method in {"POST", "PUT", "PATCH"} else {}
        for caller, headers in CALLERS.items():
            response = await service.client.request(method, concrete(path), headers=headers, **body)
            got, wanted = outcome(response.status_code), expected_outcome(allowed, caller)
            if got != wanted:
                mismatches.append(f"{method} {path} as {caller}: {response.status_code}, expected {wanted}")
            if got in {"401", "403"}:
                assert response.headers["content-type"] == "application/problem+json"
    assert mismatches == []
