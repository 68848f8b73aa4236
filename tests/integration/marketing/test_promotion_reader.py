"""The promotions hot path (a per-process cache of the JSON answer, filled from the asyncpg pool on
PostgreSQL) answers exactly what the repository query answers, after every kind of change."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text

from services.marketing import repository
from services.marketing.service.promotions import render
from services.marketing.tables import campaign_items, campaigns
from shared.db import create_engine
from shared.uow import UnitOfWork
from tests.support.apps import ServiceUnderTest, auth
from tests.support.events import eventually

SKU = "SKU-PROMO"
LANDING = "https://shop.example/campaigns/promo"
MARKETING = auth("marketing")


async def _campaign(
    uow: UnitOfWork, name: str, status: str, items: list[dict[str, Any]], ends_in: timedelta,
    starts_in: timedelta = timedelta(days=-1), landing_url: str | None = LANDING,
) -> str:
    now = datetime.now(UTC)
    campaign_id = str(uuid.uuid4())
    await repository.insert_campaign(uow, {
        "id": campaign_id, "name": name, "status": status, "channels": ["email"],
        "starts_at": now + starts_in, "ends_at": now + ends_in,
        "landing_url": landing_url, "uplift": 1.0, "auto_launch": False,
        "auto_pause_on_stockout": False, "request_id": None, "requested_at": None, "readiness": None,
        "reasons": [], "forced": False, "override_reason": None,
        "launched_at": now if status == "live" else None, "created_at": now, "updated_at": now,
    }, items)
    return campaign_id


def _item(sku: str, discount_pct: float | None) -> dict[str, Any]:
    return {"sku": sku, "expected_units": None, "discount_pct": discount_pct}


async def _seed(marketing: ServiceUnderTest) -> list[str]:
    """Three live campaigns with the SKU (the soonest ending created last), and some that must not show."""
    days = timedelta(days=1)
    async with marketing.backbone.uow() as uow:
        late = await _campaign(uow, "Late", "live", [_item(SKU, 15.5), _item("SKU-OTHER", 5)], 9 * days)
        middle = await _campaign(uow, "Middle", "live", [_item("SKU-OTHER", 5), _item(SKU, 30)], 5 * days)
        soon = await _campaign(uow, "Soon", "live", [_item(SKU, None)], 2 * days, landing_url=None)
        await _campaign(uow, "Paused", "paused", [_item(SKU, 50)], days)
        await _campaign(uow, "Ended", "ended", [_item(SKU, 60)], days)
        await _campaign(uow, "Ready", "ready", [_item(SKU, 70)], days)
        await _campaign(uow, "Scheduled", "scheduled", [_item(SKU, 75)], 2 * days, starts_in=days)
        await _campaign(uow, "Over", "live", [_item(SKU, 77)], -timedelta(minutes=1), starts_in=-days)
        await _campaign(uow, "Elsewhere", "live", [_item("SKU-OTHER", 80)], days)
        await uow.commit()
    return [soon, middle, late]


async def _answer(marketing: ServiceUnderTest, sku: str = SKU) -> list[dict[str, Any]]:
    """The HTTP answer, asked twice (the second from the cache), checked against the repository."""
    for _ in range(2):
        response = await marketing.client.get("/v1/promotions", params={"sku": sku}, headers=auth("storefront"))
        assert response.status_code == 200, response.text
        async with marketing.backbone.uow(read_only=True) as uow:
            expected = await repository.promotions(uow, sku, datetime.now(UTC))
        assert response.json() == json.loads(render(expected))
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _shown(items: list[dict[str, Any]]) -> list[tuple[str, float | None]]:
    return [(item["name"], item["discount_pct"]) for item in items]


async def test_promotions_show_running_live_and_scheduled_campaigns_soonest_ending_first(start_service):
    marketing = await start_service("marketing", schedule_interval_seconds=3600)
    expected_order = await _seed(marketing)
    items = await _answer(marketing)
    assert [item["campaign_id"] for item in items] == expected_order
    assert [item["discount_pct"] for item in items] == [None, 30.0, 15.5]
    assert [item["landing_url"] for item in items] == [None, LANDING, LANDING]
    assert all(item["ends_at"].endswith("Z") and item["starts_at"].endswith("Z") for item in items)
    assert await _answer(marketing, "SKU-NONE") == []


async def test_the_cached_answer_follows_every_change(start_service):
    marketing = await start_service("marketing", schedule_interval_seconds=3600)
    client, day = marketing.client, timedelta(days=1)
    async with marketing.backbone.uow() as uow:
        ready = await _campaign(uow, "Ready", "ready", [_item(SKU, 10)], 5 * day)
        running = await _campaign(uow, "Running", "scheduled", [_item(SKU, 20)], 6 * day)
        await uow.commit()
    assert _shown(await _answer(marketing)) == [("Running", 20.0)]

    assert (await client.post(f"/v1/campaigns/{ready}/launch", headers=MARKETING)).status_code == 200
    assert _shown(await _answer(marketing)) == [("Ready", 10.0), ("Running", 20.0)]
    assert (await client.post(f"/v1/campaigns/{ready}/pause", headers=MARKETING)).status_code == 200
    assert _shown(await _answer(marketing)) == [("Running", 20.0)]
    assert (await client.post(f"/v1/campaigns/{ready}/resume", headers=MARKETING)).status_code == 200
    assert _shown(await _answer(marketing)) == [("Ready", 10.0), ("Running", 20.0)]

    edited = await client.patch(f"/v1/campaigns/{running}", json={"items": [{"sku": SKU, "discount_pct": 25}]},
                                headers=MARKETING)
    assert (edited.status_code, edited.json()["status"]) == (200, "draft")
    assert _shown(await _answer(marketing)) == [("Ready", 10.0)]
    async with marketing.backbone.uow() as uow:
        await uow.execute(campaign_items.update().where(campaign_items.c.campaign_id == ready)
                          .values(discount_pct=12))
        await uow.commit()
    assert _shown(await _answer(marketing)) == [("Ready", 12.0)]

    assert (await client.post(f"/v1/campaigns/{ready}/end", headers=MARKETING)).status_code == 200
    assert await _answer(marketing) == []


async def test_the_cached_answer_follows_another_process_writing(start_service):
    marketing = await start_service("marketing", schedule_interval_seconds=3600)
    async with marketing.backbone.uow() as uow:
        campaign_id = await _campaign(uow, "Elsewhere", "live", [_item(SKU, 10)], timedelta(days=3))
        await uow.commit()
    assert _shown(await _answer(marketing)) == [("Elsewhere", 10.0)]
    other_process = create_engine(marketing.settings.database_url)  # no hooks of this process's cache
    try:
        async with other_process.begin() as connection:
            await connection.execute(text("UPDATE campaign_items SET discount_pct = 33 WHERE campaign_id = :id"),
                                     {"id": campaign_id})
        await eventually(lambda: _shows(marketing, [("Elsewhere", 33.0)]))
        async with other_process.begin() as connection:
            await connection.execute(campaigns.update().where(campaigns.c.id == campaign_id)
                                     .values(status="paused"))
        await eventually(lambda: _shows(marketing, []))
    finally:
        await other_process.dispose()


async def test_campaigns_appear_at_their_start_and_disappear_at_their_end_without_a_write(start_service):
    marketing = await start_service("marketing", schedule_interval_seconds=3600)
    async with marketing.backbone.uow() as uow:
        await _campaign(uow, "Starting", "scheduled", [_item(SKU, 10)], timedelta(days=3),
                        starts_in=timedelta(seconds=2))
        await _campaign(uow, "Ending", "live", [_item(SKU, 20)], timedelta(seconds=2))
        await uow.commit()
    await _answer(marketing)  # cached until the first boundary (unless both have passed already)
    await eventually(lambda: _shows(marketing, [("Starting", 10.0)]), timeout=30)


async def _shows(marketing: ServiceUnderTest, expected: list[tuple[str, float | None]]) -> None:
    assert _shown(await _answer(marketing)) == expected


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
