"""A launch and a depletion of one of its SKUs, applied at the same moment by two partitions, still
give exactly one stock-risk advisory: each handler reads what the other writes."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from services.support import repository
from services.support.domain.campaigns import Campaign
from services.support.service import signals
from shared.events.payloads import inventory
from tests.support.apps import auth


async def test_the_stock_risk_rule_is_serialised_between_concurrent_transactions(start_service):
    support = await start_service("support", run_background_tasks=False)
    backbone = support.backbone

    async def second() -> None:
        async with backbone.uow() as uow:
            await uow.serialise(signals.STOCK_RISK_RULE)
            await uow.commit()

    async with backbone.uow() as first:
        await first.serialise(signals.STOCK_RISK_RULE)
        waiting = asyncio.create_task(second())
        await asyncio.sleep(0.5)
        assert not waiting.done(), "the second transaction must wait for the first"
        await first.commit()
    await asyncio.wait_for(waiting, timeout=5)


async def test_a_launch_and_a_depletion_at_once_give_one_stock_risk(start_service):
    support = await start_service("support", run_background_tasks=False)
    backbone = support.backbone
    now = datetime.now(UTC)
    for round_ in range(5):
        campaign_id, sku = f"c0000000-0000-4000-8000-00000000000{round_}", f"RACE-{round_}"
        async with backbone.uow() as uow:
            await repository.insert_campaign(uow, Campaign(
                id=campaign_id, request_id=None, name=f"Race {round_}", channels=[],
                items=[{"sku": sku, "expected_units": 10}], starts_at=now, ends_at=now + timedelta(days=3),
                landing_url=None, status="ready", readiness="ready", readiness_reasons=[], live_risks=[],
                updated_at=now))
            await uow.commit()

        async def launch(campaign_id: str = campaign_id) -> None:
            async with backbone.uow() as uow:
                campaign = await repository.lock_campaign(uow, campaign_id)
                assert campaign is not None
                await repository.update_campaign(uow, replace(campaign, status="live"))
                await signals.campaign_live(uow, campaign_id)
                await asyncio.sleep(0.2)  # the depletion reads and writes before this commits
                await uow.commit()

        async def deplete(sku: str = sku) -> None:
            async with backbone.uow() as uow:
                await signals.stock_depleted(uow, inventory.StockDepleted(sku=sku))
                await uow.commit()

        launching = asyncio.create_task(launch())
        await asyncio.sleep(0.1)
        await asyncio.gather(launching, deplete())
        listed = await support.client.get("/v1/advisories", params={"kind": "stock_risk", "active": "true"},
                                          headers=auth("support"))
        assert [a["skus"] for a in listed.json()["items"] if sku in a["skus"]] == [[sku]], listed.text
