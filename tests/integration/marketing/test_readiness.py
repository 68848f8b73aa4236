"""Launch readiness from the inventory and content checks, through the real broker."""

from datetime import UTC, datetime, timedelta

from shared.events import topic_of
from tests.integration.marketing.story import MARKETING, Story, ok_item, thin_item
from tests.support.apps import auth
from tests.support.events import EventProbe, eventually

LAUNCH_REQUESTED = "marketing.campaign.launch_requested.v1"
READINESS_CHANGED = "marketing.campaign.readiness_changed.v1"


async def test_blocked_campaign_turns_ready_on_a_new_request_and_late_answers_change_nothing(
    start_service, broker, namespace
):
    marketing = await start_service("marketing")
    story = Story(marketing, broker.bootstrap, namespace)
    async with EventProbe(broker.bootstrap, namespace, [topic_of(LAUNCH_REQUESTED)]) as events:
        campaign_id = await story.create()
        first = await story.request_launch(campaign_id)
        requested = await events.wait_for(LAUNCH_REQUESTED, lambda e: e.data["request_id"] == first)
        assert requested[0].subject == campaign_id
        assert [(i["sku"], i["expected_units"]) for i in requested[0].data["items"]] == [
            ("SKU-FULL", 100),
            ("SKU-THIN", 400),
        ]

        await story.inventory_answers(
            campaign_id, first, "insufficient", [ok_item("SKU-FULL"), thin_item("SKU-THIN")]
        )
        await story.wait_readiness(campaign_id, "blocked", first)
        await story.content_answers(campaign_id, first)
        await eventually(lambda: _timeline_has(story, campaign_id, "content_check"))
        blocked = await story.wait_readiness(campaign_id, "blocked", first)
        assert blocked["checks"]["content"]["status"] == "ok"
        assert blocked["reasons"] == [
            "SKU-THIN: stock covers only 30% of the 400 expected units (120 units available)"
        ]
        assert blocked["checks"]["inventory"]["status"] == "insufficient"
        assert blocked["checks"]["inventory"]["items"][1]["coverage"] == 0.3

        second = await story.request_launch(campaign_id)
        assert second != first
        pending = await story.readiness(campaign_id)
        assert pending["readiness"] == "checking"
        assert pending["checks"]["inventory"]["status"] == "pending"
        await story.inventory_answers(campaign_id, second, "ok", [ok_item("SKU-FULL"), ok_item("SKU-THIN")])
        await eventually(lambda: _timeline_has(story, campaign_id, "inventory_check", times=2))
        await story.content_answers(campaign_id, second)
        await story.wait_readiness(campaign_id, "ready", second)

        await story.inventory_answers(
            campaign_id, first, "insufficient", [ok_item("SKU-FULL"), thin_item("SKU-THIN")]
        )
        await eventually(lambda: _timeline_has(story, campaign_id, "inventory_check_ignored"))
        after_late = await story.readiness(campaign_id)
        assert (after_late["readiness"], after_late["reasons"]) == ("ready", [])
        assert (await story.campaign(campaign_id))["status"] == "ready"
        published = await events.wait_for(READINESS_CHANGED, count=4)
        verdicts = [(e.data["request_id"], e.data["readiness"]) for e in published]
        assert verdicts == [(first, "checking"), (first, "blocked"), (second, "checking"), (second, "ready")]

    timeline = await story.timeline(campaign_id)
    assert [(entry["kind"], entry["source"]) for entry in timeline] == [
        ("created", "marketing"),
        ("launch_requested", "marketing"),
        ("readiness_changed", "marketing"),
        ("inventory_check", "inventory"),
        ("readiness_changed", "marketing"),
        ("content_check", "content"),
        ("launch_requested", "marketing"),
        ("readiness_changed", "marketing"),
        ("inventory_check", "inventory"),
        ("content_check", "content"),
        ("readiness_changed", "marketing"),
        ("inventory_check_ignored", "inventory"),
    ]
    assert "SKU-THIN" in timeline[4]["summary"]


async def _timeline_has(story, campaign_id, kind, times=1):
    assert [entry["kind"] for entry in await story.timeline(campaign_id)].count(kind) >= times


async def test_unanswered_check_times_out_to_at_risk_then_auto_launch_and_auto_end_follow(
    start_service, broker, namespace
):
    marketing = await start_service("marketing", check_timeout_seconds=3, schedule_interval_seconds=0.2)
    story = Story(marketing, broker.bootstrap, namespace)
    await story.consumer_joined()
    now = datetime.now(UTC)
    campaign_id = await story.create(
        auto_launch=True,
        starts_at=(now - timedelta(minutes=1)).isoformat(),
        ends_at=(now + timedelta(seconds=8)).isoformat(),
    )
    request_id = await story.request_launch(campaign_id)
    await story.content_answers(campaign_id, request_id)
    await eventually(lambda: _timeline_has(story, campaign_id, "content_check"))
    await story.wait_status(campaign_id, "live")
    readiness = await story.readiness(campaign_id)
    assert readiness["readiness"] == "at_risk"
    assert readiness["reasons"] == ["inventory check timed out: no answer within 3 seconds"]
    assert readiness["checks"]["inventory"]["status"] == "timed_out"
    assert readiness["checks"]["content"]["status"] == "ok"

    await story.wait_status(campaign_id, "ended")
    kinds = [entry["kind"] for entry in await story.timeline(campaign_id)]
    assert kinds[-5:] == [
        "content_check",
        "inventory_check_timed_out",
        "readiness_changed",
        "launched",
        "ended",
    ]
    promotions = await marketing.client.get("/v1/promotions", params={"sku": "SKU-FULL"}, headers=MARKETING)
    assert promotions.json() == {"items": []}


async def test_blocked_campaign_launch_is_refused_to_marketing_and_forced_by_admin(
    start_service, broker, namespace
):
    marketing = await start_service("marketing")
    story = Story(marketing, broker.bootstrap, namespace)
    async with EventProbe(broker.bootstrap, namespace, ["marketing.events"]) as events:
        campaign_id = await story.create()
        request_id = await story.request_launch(campaign_id)
        await story.inventory_answers(campaign_id, request_id, "insufficient", [thin_item("SKU-THIN")])
        await story.wait_readiness(campaign_id, "blocked", request_id)

        refused = await marketing.client.post(
            f"/v1/campaigns/{campaign_id}/launch", json={"override_reason": "please"}, headers=MARKETING
        )
        assert refused.status_code == 409
        assert refused.headers["content-type"] == "application/problem+json"
        assert "blocked" in refused.json()["detail"]
        no_reason = await marketing.client.post(f"/v1/campaigns/{campaign_id}/launch", headers=auth("admin"))
        assert no_reason.status_code == 409
        assert "override_reason" in no_reason.json()["detail"]

        forced = await marketing.client.post(
            f"/v1/campaigns/{campaign_id}/launch",
            json={"override_reason": "Stock arrives tomorrow"},
            headers=auth("admin"),
        )
        assert forced.status_code == 200, forced.text
        assert (forced.json()["status"], forced.json()["forced"]) == ("live", True)
        assert forced.json()["override_reason"] == "Stock arrives tomorrow"
        launched = await events.wait_for("marketing.campaign.launched.v1")
        assert launched[0].data["forced"] is True
        assert launched[0].data["skus"] == ["SKU-FULL", "SKU-THIN"]
    timeline = await story.timeline(campaign_id)
    assert timeline[-1]["kind"] == "launched"
    assert "Stock arrives tomorrow" in timeline[-1]["summary"]
