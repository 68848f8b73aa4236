"""Approving a launch ahead of `starts_at` schedules the campaign; it goes live by itself then."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from services.marketing.tables import campaigns
from shared.events import topic_of
from tests.integration.marketing.story import MARKETING, Story
from tests.support.apps import ServiceUnderTest, auth
from tests.support.events import EventProbe, eventually

SCHEDULED = "marketing.campaign.scheduled.v1"
LAUNCHED = "marketing.campaign.launched.v1"
IN_2030 = {"starts_at": "2030-01-05T08:00:00Z", "ends_at": "2030-01-12T22:00:00Z"}


async def _promotions(marketing: ServiceUnderTest, sku: str) -> list[str]:
    response = await marketing.client.get("/v1/promotions", params={"sku": sku}, headers=auth("storefront"))
    assert response.status_code == 200, response.text
    return [item["campaign_id"] for item in response.json()["items"]]


async def _start_in_two_seconds(marketing: ServiceUnderTest, campaign_id: str) -> None:
    """Bring the start close, as the passing of time would."""
    async with marketing.backbone.uow() as uow:
        await uow.execute(update(campaigns).where(campaigns.c.id == campaign_id).values(
            starts_at=datetime.now(UTC) + timedelta(seconds=2)
        ))
        await uow.commit()


async def test_a_launch_before_the_start_schedules_and_the_campaign_goes_live_at_its_start(
    start_service, broker, namespace
):
    marketing = await start_service("marketing", schedule_interval_seconds=0.2)
    story = Story(marketing, broker.bootstrap, namespace)
    async with EventProbe(broker.bootstrap, namespace, [topic_of(SCHEDULED)]) as events:
        campaign_id, _ = await story.ready_campaign(**IN_2030)
        launched = await marketing.client.post(f"/v1/campaigns/{campaign_id}/launch", headers=MARKETING)
        assert launched.status_code == 200, launched.text
        assert (launched.json()["status"], launched.json()["launched_at"]) == ("scheduled", None)
        scheduled = await events.wait_for(SCHEDULED)
        assert scheduled[0].data == {
            "campaign_id": campaign_id, "name": "Winter sale", "skus": ["SKU-FULL", "SKU-THIN"],
            "starts_at": "2030-01-05T08:00:00Z", "ends_at": "2030-01-12T22:00:00Z", "forced": False,
        }
        assert await _promotions(marketing, "SKU-FULL") == []
        assert events.of_type(LAUNCHED) == []

        await _start_in_two_seconds(marketing, campaign_id)
        went_live = await events.wait_for(LAUNCHED, timeout=30)
        assert went_live[0].data["forced"] is False
    campaign = await story.wait_status(campaign_id, "live")
    assert campaign["launched_at"] is not None
    assert await _promotions(marketing, "SKU-FULL") == [campaign_id]
    timeline = await story.timeline(campaign_id)
    assert [entry["kind"] for entry in timeline][-2:] == ["scheduled", "launched"]
    assert timeline[-2]["summary"] == "Launched; scheduled to go live by itself at 2030-01-05T08:00:00Z."
    assert timeline[-1]["summary"] == "Went live at its start time, as scheduled."
    assert [entry["kind"] for entry in timeline].count("launched") == 1


async def test_a_scheduled_campaign_can_be_cancelled_or_edited_but_not_paused_resumed_or_ended(
    start_service, broker, namespace
):
    marketing = await start_service("marketing", schedule_interval_seconds=3600)
    story = Story(marketing, broker.bootstrap, namespace)
    client = marketing.client
    campaign_id, _ = await story.ready_campaign(**IN_2030)
    assert (await client.post(f"/v1/campaigns/{campaign_id}/launch", headers=MARKETING)).status_code == 200
    for action in ("pause", "resume", "end"):
        refused = await client.post(f"/v1/campaigns/{campaign_id}/{action}", headers=MARKETING)
        assert refused.status_code == 409, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["current_status"] == "scheduled"
    again = await client.post(f"/v1/campaigns/{campaign_id}/launch", headers=MARKETING)
    assert (again.status_code, again.json()["current_status"]) == (409, "scheduled")

    edited = await client.patch(f"/v1/campaigns/{campaign_id}", json={"name": "Winter sale II"},
                                headers=MARKETING)
    assert edited.status_code == 200, edited.text
    assert (edited.json()["status"], edited.json()["readiness"]) == ("draft", None)

    other, _ = await story.ready_campaign(**IN_2030)
    assert (await client.post(f"/v1/campaigns/{other}/launch", headers=MARKETING)).status_code == 200
    cancelled = await client.post(f"/v1/campaigns/{other}/cancel", headers=MARKETING)
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert await _promotions(marketing, "SKU-FULL") == []


async def test_a_forced_approval_keeps_its_flag_and_reason_when_the_campaign_goes_live(
    start_service, broker, namespace
):
    marketing = await start_service("marketing", schedule_interval_seconds=0.2)
    story = Story(marketing, broker.bootstrap, namespace)
    async with EventProbe(broker.bootstrap, namespace, [topic_of(SCHEDULED)]) as events:
        campaign_id = await story.create(**IN_2030)
        request_id = await story.request_launch(campaign_id)
        await story.inventory_answers(campaign_id, request_id, "insufficient", [])
        await story.wait_readiness(campaign_id, "blocked", request_id)
        forced = await marketing.client.post(
            f"/v1/campaigns/{campaign_id}/launch", json={"override_reason": "Stock arrives tomorrow"},
            headers=auth("admin"),
        )
        assert forced.status_code == 200, forced.text
        assert (forced.json()["status"], forced.json()["forced"]) == ("scheduled", True)
        assert (await events.wait_for(SCHEDULED))[0].data["forced"] is True

        await _start_in_two_seconds(marketing, campaign_id)
        assert (await events.wait_for(LAUNCHED, timeout=30))[0].data["forced"] is True
    campaign = await story.wait_status(campaign_id, "live")
    assert (campaign["forced"], campaign["override_reason"]) == (True, "Stock arrives tomorrow")
    summary = (await story.timeline(campaign_id))[-1]["summary"]
    assert summary.startswith("Went live at its start time, as scheduled.")
    assert "Stock arrives tomorrow" in summary


async def test_a_scheduled_campaign_whose_end_passes_unstarted_ends(start_service, broker, namespace):
    marketing = await start_service("marketing", schedule_interval_seconds=0.2)
    story = Story(marketing, broker.bootstrap, namespace)
    campaign_id, _ = await story.ready_campaign(**IN_2030)
    assert (await marketing.client.post(f"/v1/campaigns/{campaign_id}/launch", headers=MARKETING)).status_code == 200
    past = datetime.now(UTC) - timedelta(seconds=1)
    async with marketing.backbone.uow() as uow:
        await uow.execute(update(campaigns).where(campaigns.c.id == campaign_id).values(
            starts_at=past - timedelta(days=1), ends_at=past,
        ))
        await uow.commit()
    await story.wait_status(campaign_id, "ended")

    async def ended_unstarted() -> None:
        timeline = await story.timeline(campaign_id)
        assert timeline[-1]["summary"] == "Ended at its end time without having gone live."

    await eventually(ended_unstarted)
