"""The promotions hot path answers exactly what the repository query answers, on both databases."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from services.marketing import repository
from services.marketing.service import PromotionReader
from services.marketing.tables import campaigns
from shared.uow import UnitOfWork
from tests.support.apps import ServiceUnderTest, auth

SKU = "SKU-PROMO"
LANDING = "https://shop.example/campaigns/promo"


async def _campaign(
    uow: UnitOfWork, name: str, status: str, ends_in_days: int, items: list[dict[str, Any]],
    landing_url: str | None = LANDING,
) -> str:
    now = datetime.now(UTC)
    campaign_id = str(uuid.uuid4())
    await repository.insert_campaign(uow, {
        "id": campaign_id, "name": name, "status": status, "channels": ["email"],
        "starts_at": now - timedelta(days=1), "ends_at": now + timedelta(days=ends_in_days),
        "landing_url": landing_url, "uplift": 1.0, "auto_launch": False,
        "auto_pause_on_stockout": False, "request_id": None, "requested_at": None, "readiness": None,
        "reasons": [], "forced": False, "override_reason": None, "launched_at": now,
        "created_at": now, "updated_at": now,
    }, items)
    return campaign_id


def _item(sku: str, discount_pct: float | None) -> dict[str, Any]:
    return {"sku": sku, "expected_units": None, "discount_pct": discount_pct}


async def _seed(marketing: ServiceUnderTest) -> list[str]:
    """Three live campaigns with the SKU (the soonest ending created last), and some that must not show."""
    async with marketing.backbone.uow() as uow:
        late = await _campaign(uow, "Late", "live", 9, [_item(SKU, 15.5), _item("SKU-OTHER", 5)])
        middle = await _campaign(uow, "Middle", "live", 5, [_item("SKU-OTHER", 5), _item(SKU, 30)])
        soon = await _campaign(uow, "Soon", "live", 2, [_item(SKU, None)], landing_url=None)
        await _campaign(uow, "Paused", "paused", 1, [_item(SKU, 50)])
        await _campaign(uow, "Ended", "ended", 1, [_item(SKU, 60)])
        await _campaign(uow, "Ready", "ready", 1, [_item(SKU, 70)])
        await _campaign(uow, "Elsewhere", "live", 1, [_item("SKU-OTHER", 80)])
        await uow.commit()
    return [soon, middle, late]


async def test_the_promotions_fast_path_answers_what_the_repository_query_answers(start_service):
    marketing = await start_service("marketing", schedule_interval_seconds=3600)
    expected_order = await _seed(marketing)
    backbone = marketing.backbone
    reader = PromotionReader(lambda: backbone.uow(read_only=True), marketing.settings.database_url, 2)
    try:
        fast = await reader.live_promotions(SKU)
        nothing = await reader.live_promotions("SKU-NONE")
    finally:
        await reader.close()
    async with backbone.uow(read_only=True) as uow:
        queried = await repository.live_promotions(uow, SKU)
    assert fast == queried
    assert nothing == []
    assert [row["campaign_id"] for row in fast] == expected_order
    assert [row["discount_pct"] for row in fast] == [None, 30.0, 15.5]
    assert [row["landing_url"] for row in fast] == [None, LANDING, LANDING]
    assert all(row["ends_at"].tzinfo is not None and row["starts_at"].tzinfo is not None for row in fast)

    response = await marketing.client.get("/v1/promotions", params={"sku": SKU}, headers=auth("storefront"))
    assert response.status_code == 200, response.text
    assert [item["campaign_id"] for item in response.json()["items"]] == expected_order


async def test_promotions_answer_while_another_transaction_holds_the_write_lock(start_service):
    marketing = await start_service("marketing", schedule_interval_seconds=3600)
    expected_order = await _seed(marketing)
    async with marketing.backbone.uow() as writer:
        await writer.execute(campaigns.select().limit(1))
        response = await asyncio.wait_for(
            marketing.client.get("/v1/promotions", params={"sku": SKU}, headers=auth("storefront")), 10
        )
    assert response.status_code == 200, response.text
    assert [item["campaign_id"] for item in response.json()["items"]] == expected_order
