"""The campaign-check queue: replicas never run one check twice, an older request of a campaign is
superseded, a check whose worker died is claimed again, one interrupted by a shutdown is handed
back at once, a redelivered request is recorded once."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from services.content import tables
from services.content.crawler.crawl import CrawlerConfig
from services.content.handlers import handlers
from services.content.service import campaign_checks
from services.content.settings import Settings
from shared.events.payloads.marketing import LaunchRequested
from shared.migrate import upgrade
from shared.runtime import Backbone

T0 = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture
async def replicas(new_database) -> AsyncIterator[tuple[Backbone, Backbone]]:
    """Two processes' backbones on one database (background tasks not started)."""
    url = await new_database("content")
    await asyncio.to_thread(upgrade, "content", url)
    settings = Settings(database_url=url, run_background_tasks=False)
    pair = (Backbone.build(settings, tables.backbone, handlers(settings)),
            Backbone.build(settings, tables.backbone, handlers(settings)))
    yield pair
    for backbone in pair:
        await backbone.engine.dispose()


def _request(campaign_id: str, landing_url: str | None = None) -> LaunchRequested:
    return LaunchRequested(
        campaign_id=campaign_id, request_id=str(uuid.uuid4()), name="Sale", channels=["email"],
        starts_at=T0, ends_at=T0 + timedelta(days=7), landing_url=landing_url, uplift=1.5,
        items=[{"sku": "SKU-1"}],
    )


async def _record(backbone: Backbone, request: LaunchRequested, at: datetime, event_id: str = "") -> None:
    async with backbone.uow() as uow:
        await campaign_checks.request_campaign_check(uow, event_id or str(uuid.uuid4()), request, at)
        await uow.commit()


async def _claim(backbone: Backbone, limit: int = 10, timeout: float = 600) -> list[campaign_checks.ClaimedCheck]:
    async with backbone.uow() as uow:
        claimed = await campaign_checks.claim_campaign_checks(uow, limit, timeout)
        await uow.commit()
    return claimed


async def _statuses(backbone: Backbone) -> dict[str, str]:
    table = tables.campaign_checks
    async with backbone.uow(read_only=True) as uow:
        rows = (await uow.execute(select(table.c.request_id, table.c.status))).all()
    return {row.request_id: row.status for row in rows}


async def test_two_replicas_never_claim_the_same_check(replicas):
    first, second = replicas
    requests = [_request(f"camp-{number}") for number in range(6)]
    for request in requests:
        await _record(first, request, T0)
    claims = await asyncio.gather(_claim(first, 4), _claim(second, 4), _claim(first, 4), _claim(second, 4))
    claimed = [check.request.request_id for batch in claims for check in batch]
    assert len(claimed) == len(set(claimed)) > 0
    claimed += [check.request.request_id for check in await _claim(second, 10)]
    assert sorted(claimed) == sorted(request.request_id for request in requests)


async def test_an_older_request_of_the_same_campaign_is_superseded_not_run(replicas):
    backbone, _ = replicas
    older, newer, other = _request("camp-a"), _request("camp-a"), _request("camp-b")
    await _record(backbone, older, T0)
    await _record(backbone, newer, T0 + timedelta(minutes=1))
    await _record(backbone, other, T0)
    [first] = await _claim(backbone, limit=1)
    [second] = await _claim(backbone, limit=1)
    assert {first.request.request_id, second.request.request_id} == {newer.request_id, other.request_id}
    assert (await _statuses(backbone))[older.request_id] == "superseded"


async def test_a_check_whose_worker_died_is_claimed_again_after_the_timeout(replicas):
    backbone, other_replica = replicas
    request = _request("camp-c")
    await _record(backbone, request, T0)
    [first] = await _claim(backbone)
    assert await _claim(other_replica, timeout=600) == []
    [again] = await _claim(other_replica, timeout=0)
    assert (again.request.request_id, again.attempt) == (request.request_id, first.attempt + 1)

    async with backbone.uow() as uow:  # the first worker wakes up late: its answer is not sent
        await campaign_checks.record_campaign_check(uow, first, [], [])
        await uow.commit()
    assert (await _statuses(backbone))[request.request_id] == "running"
    async with other_replica.uow() as uow:
        await campaign_checks.record_campaign_check(uow, again, [], [])
        await uow.commit()
    assert (await _statuses(backbone))[request.request_id] == "done"


async def test_the_same_event_is_recorded_as_one_check(replicas):
    backbone, _ = replicas
    request = _request("camp-d")
    await _record(backbone, request, T0, event_id="event-1")
    await _record(backbone, request, T0, event_id="event-1")
    assert len(await _claim(backbone)) == 1


async def test_a_check_interrupted_by_a_shutdown_is_handed_back_for_the_next_claim(replicas, site):
    backbone, other_replica = replicas
    name = f"held-{uuid.uuid4().hex[:6]}"
    gate = site.state.gate(name)
    request = _request("camp-e", site.url(f"/gated/{name}"))
    await _record(backbone, request, T0)
    [claimed] = await _claim(backbone)
    config = CrawlerConfig.from_settings(Settings(database_url="sqlite+aiosqlite://", allow_private_targets=True))
    running = asyncio.create_task(campaign_checks.run_campaign_check(backbone.uow, config, claimed))
    await gate.entered.wait()
    running.cancel()
    with pytest.raises(asyncio.CancelledError):
        await running
    gate.opened.set()
    [again] = await _claim(other_replica, timeout=600)
    assert (again.request.request_id, again.attempt) == (request.request_id, claimed.attempt + 1)
