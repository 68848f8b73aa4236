"""Driving the running system over HTTP the way each team and the storefront would."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.events import eventually
from tests.support.processes import RunningStack
from tests.support.returns import once_known


class Shop:
    def __init__(self, system: RunningStack, site_url: str) -> None:
        self.system = system
        self.site_url = site_url
        self.run = uuid.uuid4().hex[:6].upper()

    def sku(self, name: str) -> str:
        return f"{name}-{self.run}"

    async def ok(self, service: str, method: str, path: str, role: str, **kwargs: Any) -> Any:
        response = await self.system.call(service, method, path, role, **kwargs)
        assert response.status_code < 300, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    async def stock_item(self, sku: str, units: int, warehouse: str = "BER-1") -> None:
        await self.ok("inventory", "PUT", f"/v1/warehouses/{warehouse}", "inventory",
                      json={"name": warehouse, "country": "DE"})
        await self.ok("inventory", "PUT", f"/v1/items/{sku}", "inventory",
                      json={"name": f"Item {sku}", "low_stock_threshold": 5})
        if units:
            await self.move(sku, units, "receipt", warehouse)

    async def move(self, sku: str, delta: int, reason: str, warehouse: str = "BER-1") -> None:
        await self.ok("inventory", "POST", "/v1/stock/movements", "inventory",
                      json={"sku": sku, "warehouse": warehouse, "delta": delta, "reason": reason})

    async def request_return(self, body: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """POST a return as the storefront once support has learned its SKUs from inventory."""
        response = await once_known(
            lambda: self.system.call("support", "POST", "/v1/returns", "storefront", json=body, **kwargs))
        assert response.status_code == 201, f"POST /v1/returns: {response.status_code} {response.text}"
        created: dict[str, Any] = response.json()
        return created

    async def receive_return(self, return_id: str, warehouse: str = "BER-1", **kwargs: Any) -> None:
        """Record the goods as received once support has learned the warehouse from inventory."""
        path = f"/v1/returns/{return_id}/receive"
        response = await once_known(lambda: self.system.call(
            "support", "POST", path, "support", json={"warehouse": warehouse}, **kwargs))
        assert response.status_code == 200, f"POST {path}: {response.status_code} {response.text}"

    async def page(self, path: str, kind: str, sku: str | None = None) -> dict[str, Any]:
        body = {"url": f"{self.site_url}{path}", "kind": kind, "sku": sku, "title": path}
        page: dict[str, Any] = await self.ok("content", "PUT", "/v1/pages", "content", json=body)
        return page

    async def check_page(self, page_id: str) -> dict[str, Any]:
        checked: dict[str, Any] = await self.ok("content", "POST", f"/v1/pages/{page_id}/check", "content")
        return checked

    async def campaign(self, name: str, items: list[dict[str, Any]], landing_path: str) -> str:
        now = datetime.now(UTC)
        created = await self.ok("marketing", "POST", "/v1/campaigns", "marketing", json={
            "name": name, "channels": ["email", "social"],
            "starts_at": (now - timedelta(minutes=1)).isoformat(),
            "ends_at": (now + timedelta(days=8)).isoformat(),
            "landing_url": f"{self.site_url}{landing_path}", "items": items,
        })
        return str(created["id"])

    async def request_launch(self, campaign_id: str, correlation_id: str | None = None) -> str:
        headers = {"X-Correlation-ID": correlation_id} if correlation_id else {}
        answer = await self.ok("marketing", "POST", f"/v1/campaigns/{campaign_id}/launch-request",
                               "marketing", headers=headers)
        return str(answer["request_id"])

    async def final_readiness(self, campaign_id: str, request_id: str) -> dict[str, Any]:
        seen: dict[str, Any] = {}

        async def settled() -> None:
            seen.update(await self.ok("marketing", "GET", f"/v1/campaigns/{campaign_id}/readiness",
                                      "marketing"))
            checks = seen["checks"]
            assert seen["request_id"] == request_id
            assert checks["inventory"]["status"] != "pending" and checks["content"]["status"] != "pending", seen

        await eventually(settled, timeout=45)
        return seen

    async def campaign_state(self, campaign_id: str) -> dict[str, Any]:
        state: dict[str, Any] = await self.ok("marketing", "GET", f"/v1/campaigns/{campaign_id}", "marketing")
        return state

    async def advisories(self, **filters: str) -> list[dict[str, Any]]:
        query = "&".join(f"{k}={v}" for k, v in filters.items())
        page = await self.ok("support", "GET", f"/v1/advisories?{query}", "support")
        return list(page["items"])

    async def tasks(self, **filters: str) -> list[dict[str, Any]]:
        query = "&".join(f"{k}={v}" for k, v in filters.items())
        page = await self.ok("content", "GET", f"/v1/tasks?{query}&limit=200", "content")
        return list(page["items"])
