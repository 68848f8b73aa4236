"""Malformed input is refused as a problem, never answered with a server error."""

from tests.integration.inventory.conftest import KEEPER, SHOP, add_item, add_warehouse, receive

BAD_REQUESTS = [
    ("PUT", "/v1/warehouses/lower-case", {"name": "x", "country": "DE"}),
    ("PUT", "/v1/warehouses/W1", {"name": "nul\u0000name", "country": "DE"}),
    ("PUT", "/v1/warehouses/W1", {"name": "x", "country": "Germany"}),
    ("PUT", "/v1/items/SKU-1", {"name": "x" * 201}),
    ("PUT", "/v1/items/SKU-1", {"name": "x", "low_stock_threshold": -1}),
    ("PUT", "/v1/items/-starts-with-dash", {"name": "x"}),
    ("POST", "/v1/stock/movements", {"sku": "SKU-1", "warehouse": "W1", "delta": 10**7, "reason": "receipt"}),
    ("POST", "/v1/stock/movements", {"sku": "SKU-1", "warehouse": "W1", "delta": 1, "reason": "theft"}),
    ("POST", "/v1/stock/movements", {"sku": "SKU-1", "warehouse": "W1", "delta": "1e3", "reason": "receipt"}),
    ("POST", "/v1/stock/movements", {"sku": "SKU-1", "warehouse": "W1", "delta": 1, "reason": "receipt",
                                     "reference": "\u0000"}),
    ("POST", "/v1/reservations", {"order_ref": "O 1", "lines": [{"sku": "SKU-1", "qty": 1}]}),
    ("POST", "/v1/reservations", {"order_ref": "O-1", "lines": []}),
    ("POST", "/v1/reservations", {"order_ref": "O-1", "lines": [{"sku": "SKU-1", "qty": 1}] * 101}),
    ("POST", "/v1/reservations", {"order_ref": "O-1", "lines": [{"sku": "SKU-1", "qty": 0}]}),
    ("POST", "/v1/reservations", {"order_ref": "O-1", "lines": [{"sku": "SKU-1", "qty": 1}],
                                  "ttl_seconds": 0}),
    ("POST", "/v1/reservations", [1, 2, 3]),
    ("POST", "/v1/reservations/%00/commit", None),
    ("POST", "/v1/reservations/not-a-uuid-zz/release", None),
    ("GET", "/v1/campaign-checks/%00", None),
    ("GET", "/v1/items/SKU-1/movements?limit=0", None),
    ("GET", "/v1/items/SKU-1/movements?cursor=WzEwMDAwMDAwMDAwMDAwMDAwMDAwMDAwXQ", None),
    ("GET", "/v1/stock?skus=,,,", None),
]


async def test_malformed_requests_get_problem_responses_not_server_errors(start_service):
    inventory = await start_service("inventory")
    client = inventory.client
    await add_warehouse(client, "W1")
    await add_item(client, "SKU-1")
    await receive(client, "SKU-1", "W1", 5)
    statuses = []
    for method, url, body in BAD_REQUESTS:
        headers = SHOP if url.startswith("/v1/reservations") or method == "GET" else KEEPER
        response = await client.request(method, url, json=body, headers=headers)
        assert response.headers["content-type"] == "application/problem+json", (url, response.text)
        statuses.append(response.status_code)
    assert set(statuses) <= {404, 409, 422}, statuses
