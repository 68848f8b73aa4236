"""Playing inventory, content and support towards the marketing service, through the broker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.apps import ServiceUnderTest, auth
from tests.support.events import eventually, publish

MARKETING = auth("marketing")
LANDING = "https://shop.example/campaigns/winter-sale"


def campaign_body(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    body: dict[str, Any] = {
        "name": "Winter sale",
        "channels": ["email", "social"],
        # Already started: a launch makes it live at once (a later start schedules it instead).
        "starts_at": (now - timedelta(minutes=5)).isoformat(),
        "ends_at": (now + timedelta(days=8)).isoformat(),
        "landing_url": LANDING,
        "items": [
            {"sku": "SKU-FULL", "expected_units": 100, "discount_pct": 20},
            {"sku": "SKU-THIN", "expected_units": 400, "discount_pct": 15},
        ],
    }
    body.update(overrides)
    return body


class Story:
    def __init__(self, marketing: ServiceUnderTest, bootstrap: str, namespace: str) -> None:
        self.marketing = marketing
        self.client = marketing.client
        self.bootstrap = bootstrap
        self.namespace = namespace

    async def create(self, **overrides: Any) -> str:
        response = await self.client.post("/v1/campaigns", json=campaign_body(**overrides), headers=MARKETING)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    async def request_launch(self, campaign_id: str) -> str:
        response = await self.client.post(f"/v1/campaigns/{campaign_id}/launch-request", headers=MARKETING)
        assert response.status_code == 202, response.text
        return str(response.json()["request_id"])

    async def inventory_answers(
        self, campaign_id: str, request_id: str, overall: str, items: list[dict[str, Any]]
    ) -> None:
        await self.emit(
            "inventory.campaign_check.completed.v1",
            campaign_id,
            {
                "campaign_id": campaign_id,
                "request_id": request_id,
                "overall": overall,
                "items": items,
            },
        )

    async def content_answers(
        self,
        campaign_id: str,
        request_id: str,
        overall: str = "ok",
        pages: list[dict[str, Any]] | None = None,
        missing: list[str] | None = None,
    ) -> None:
        await self.emit(
            "content.campaign_check.completed.v1",
            campaign_id,
            {
                "campaign_id": campaign_id,
                "request_id": request_id,
                "overall": overall,
                "pages": pages
                if pages is not None
                else [{"url": LANDING, "kind": "landing", "sku": None, "health": "ok", "issues": []}],
                "missing_product_pages": missing or [],
            },
        )

    async def emit(self, event_type: str, subject: str, data: dict[str, Any]) -> None:
        await publish(self.bootstrap, self.namespace, event_type, subject, data)

    async def campaign(self, campaign_id: str) -> dict[str, Any]:
        response = await self.client.get(f"/v1/campaigns/{campaign_id}", headers=auth("storefront"))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def readiness(self, campaign_id: str) -> dict[str, Any]:
        response = await self.client.get(f"/v1/campaigns/{campaign_id}/readiness", headers=auth("support"))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def wait_readiness(self, campaign_id: str, expected: str, request_id: str) -> dict[str, Any]:
        seen: dict[str, Any] = {}

        async def check() -> None:
            seen.update(await self.readiness(campaign_id))
            assert (seen["readiness"], seen["request_id"]) == (expected, request_id), seen

        await eventually(check, timeout=30)
        return seen

    async def wait_status(self, campaign_id: str, expected: str) -> dict[str, Any]:
        seen: dict[str, Any] = {}

        async def check() -> None:
            seen.update(await self.campaign(campaign_id))
            assert seen["status"] == expected, seen

        await eventually(check, timeout=30)
        return seen

    async def timeline(self, campaign_id: str) -> list[dict[str, Any]]:
        response = await self.client.get(f"/v1/campaigns/{campaign_id}/timeline", headers=MARKETING)
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    async def consumer_joined(self) -> None:
        """Returns once the service applies events (its consumer group has joined)."""
        campaign_id = await self.create(name="Warm-up")
        await self.emit(
            "support.advisory.published.v1",
            campaign_id,
            {
                "advisory_id": f"warm-up-{campaign_id}",
                "kind": "campaign_launch",
                "severity": "info",
                "title": "Warm-up",
                "campaign_id": campaign_id,
                "skus": [],
            },
        )

        async def applied() -> None:
            assert (await self.readiness(campaign_id))["advisory"]["known"]

        await eventually(applied, timeout=30)

    async def ready_campaign(self, **overrides: Any) -> tuple[str, str]:
        """A campaign whose inventory and content checks both said ok."""
        campaign_id = await self.create(**overrides)
        request_id = await self.request_launch(campaign_id)
        skus = [item["sku"] for item in campaign_body(**overrides)["items"]]
        await self.inventory_answers(campaign_id, request_id, "ok", [ok_item(sku) for sku in skus])
        await self.content_answers(campaign_id, request_id)
        await self.wait_readiness(campaign_id, "ready", request_id)
        return campaign_id, request_id


def ok_item(sku: str, expected: int = 100) -> dict[str, Any]:
    return {
        "sku": sku,
        "expected_units": expected,
        "estimated": False,
        "available": 1000,
        "safety_stock": 0,
        "competing_units": 0,
        "coverage": 10.0,
        "status": "ok",
        "projected_stockout_at": None,
    }


def thin_item(sku: str) -> dict[str, Any]:
    return {
        "sku": sku,
        "expected_units": 400,
        "estimated": False,
        "available": 130,
        "safety_stock": 10,
        "competing_units": 0,
        "coverage": 0.3,
        "status": "insufficient",
        "projected_stockout_at": None,
    }
