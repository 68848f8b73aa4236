"""Sweepers racing each other, as several replicas would, act once per campaign."""

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from services.marketing import service
from services.marketing.background import sweep_once
from tests.integration.marketing.story import Story

LAUNCHED = "marketing.campaign.launched.v1"


async def test_racing_auto_launch_sweeps_launch_each_due_campaign_once(start_service, broker, namespace):
    marketing = await start_service("marketing", schedule_interval_seconds=3600)
    story = Story(marketing, broker.bootstrap, namespace)
    now = datetime.now(UTC)
    due = {"auto_launch": True, "starts_at": (now - timedelta(minutes=5)).isoformat()}
    first, _ = await story.ready_campaign(**due)
    second, _ = await story.ready_campaign(**due)
    not_yet, _ = await story.ready_campaign(auto_launch=True, starts_at=(now + timedelta(days=1)).isoformat())
    manual, _ = await story.ready_campaign(starts_at=due["starts_at"])
    settings = marketing.settings
    sweepers = service.sweepers(settings.check_timeout_seconds, settings.schedule_batch_size)
    auto_launch = next(s for s in sweepers if s.name == "auto_launch")
    await asyncio.gather(*(sweep_once(marketing.backbone, auto_launch) for _ in range(4)))
    outbox = marketing.backbone.tables.outbox
    async with marketing.backbone.engine.connect() as connection:
        rows = await connection.execute(select(outbox.c.key).where(outbox.c.event_type == LAUNCHED))
        assert sorted(row.key for row in rows) == sorted([first, second])
    statuses = [(await story.campaign(c))["status"] for c in (first, second, not_yet, manual)]
    assert statuses == ["live", "live", "ready", "ready"]
    timeline = await story.timeline(first)
    assert [e["kind"] for e in timeline].count("launched") == 1
    assert timeline[-1]["summary"] == "Went live automatically at its start time."
