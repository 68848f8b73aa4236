"""Marketing and inventory, each its own app, agree on readiness through the real broker;
content's answer is played by the test."""

from shared.events import topic_of
from tests.integration.marketing.story import Story
from tests.support.apps import auth
from tests.support.events import EventProbe, eventually

CHECKED = "inventory.campaign_check.completed.v1"


async def test_short_sku_blocks_until_restocked_and_the_late_first_answer_changes_nothing(
    start_service, broker, namespace
):
    inventory = await start_service("inventory")
    marketing = await start_service("marketing")
    story = Story(marketing, broker.bootstrap, namespace)
    stock = inventory.client
    await stock.put("/v1/warehouses/BER-1", json={"name": "Berlin", "country": "DE"}, headers=auth("inventory"))
    for sku, units in (("SKU-FULL", 500), ("SKU-THIN", 120)):
        await stock.put(f"/v1/items/{sku}", json={"name": sku}, headers=auth("inventory"))
        moved = await stock.post("/v1/stock/movements", headers=auth("inventory"), json={
            "sku": sku, "warehouse": "BER-1", "delta": units, "reason": "receipt"})
        assert moved.status_code == 201, moved.text

    async with EventProbe(broker.bootstrap, namespace, [topic_of(CHECKED)]) as checks:
        campaign_id = await story.create()
        first = await story.request_launch(campaign_id)
        [first_answer] = await checks.wait_for(CHECKED, lambda e: e.data["request_id"] == first)
        assert first_answer.data["overall"] == "insufficient"
        await story.content_answers(campaign_id, first)
        blocked = await story.wait_readiness(campaign_id, "blocked", first)
        [reason] = blocked["reasons"]
        assert reason.startswith("SKU-THIN: stock covers only 30% of the 400 expected units (120 units available)")
        assert "projected to sell out" in reason

        await stock.post("/v1/stock/movements", headers=auth("inventory"), json={
            "sku": "SKU-THIN", "warehouse": "BER-1", "delta": 400, "reason": "receipt"})
        second = await story.request_launch(campaign_id)
        await checks.wait_for(CHECKED, lambda e: e.data["request_id"] == second)
        await story.content_answers(campaign_id, second)
        await story.wait_readiness(campaign_id, "ready", second)

        await story.emit(CHECKED, campaign_id, first_answer.data)  # the first answer, arriving late

        async def late_answer_only_noted():
            kinds = [entry["kind"] for entry in await story.timeline(campaign_id)]
            assert "inventory_check_ignored" in kinds

        await eventually(late_answer_only_noted)
        readiness = await story.readiness(campaign_id)
        assert (readiness["readiness"], readiness["request_id"], readiness["reasons"]) == ("ready", second, [])
