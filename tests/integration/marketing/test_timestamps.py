"""Every timestamp marketing answers is RFC 3339 in UTC with `Z`, in timeline details too."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from services.marketing import repository
from tests.integration.marketing.story import Story
from tests.support.apps import auth

MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?")
ZULU = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def _moments(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if MOMENT.match(value) else []
    if isinstance(value, dict):
        return [moment for item in value.values() for moment in _moments(item)]
    if isinstance(value, list):
        return [moment for item in value for moment in _moments(item)]
    return []


async def test_answers_and_timeline_details_write_every_moment_in_utc_with_z(start_service, broker, namespace):
    marketing = await start_service("marketing", schedule_interval_seconds=3600)
    story = Story(marketing, broker.bootstrap, namespace)
    in_paris = datetime.now(UTC).astimezone(ZoneInfo("Europe/Paris"))
    campaign_id = await story.create(starts_at=(in_paris - timedelta(hours=1)).isoformat())
    request_id = await story.request_launch(campaign_id)
    stockout = (in_paris + timedelta(days=2)).isoformat()
    await story.inventory_answers(campaign_id, request_id, "at_risk", [{
        "sku": "SKU-THIN", "expected_units": 400, "estimated": False, "available": 300, "safety_stock": 0,
        "competing_units": 0, "coverage": 0.75, "status": "at_risk", "projected_stockout_at": stockout,
    }])
    await story.content_answers(campaign_id, request_id)
    await story.wait_readiness(campaign_id, "at_risk", request_id)
    launched = await marketing.client.post(f"/v1/campaigns/{campaign_id}/launch", headers=auth("marketing"))
    assert launched.status_code == 200, launched.text
    async with marketing.backbone.uow() as uow:  # a detail stored before moments were written with Z
        await repository.append_timeline(uow, campaign_id, "note", "marketing", "An old entry.",
                                         {"at": datetime.now(UTC).isoformat(), "text": "+00:00 stays"})
        await uow.commit()

    answers = [
        launched.json(), await story.campaign(campaign_id), await story.readiness(campaign_id),
        await story.timeline(campaign_id),
        (await marketing.client.get("/v1/campaigns", headers=auth("marketing"))).json(),
        (await marketing.client.get("/v1/promotions", params={"sku": "SKU-THIN"},
                                    headers=auth("storefront"))).json(),
    ]
    moments = _moments(answers)
    assert len(moments) > 20
    assert [moment for moment in moments if not ZULU.match(moment)] == []
    readiness = answers[2]
    assert readiness["checks"]["inventory"]["items"][0]["projected_stockout_at"].endswith("Z")
    details = [entry["details"] for entry in answers[3]]
    assert details[-1]["text"] == "+00:00 stays"
    assert all(detail["sent_at"].endswith("Z") for detail in details if "sent_at" in detail)
