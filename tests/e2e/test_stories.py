"""Cross-team stories with every service as its own process, driven only through HTTP."""

from __future__ import annotations

import math

import pytest

from tests.support.events import EventProbe, eventually
from tests.support.shop import Shop

pytestmark = pytest.mark.e2e


@pytest.fixture
def shop(system, site) -> Shop:
    return Shop(system, site.url)


async def test_campaign_launch_is_blocked_warned_fixed_launched_and_guarded(shop, site, system):
    full, short, pictured = shop.sku("FULL"), shop.sku("SHORT"), shop.sku("PIC")
    await shop.stock_item(full, 1000)
    await shop.stock_item(short, 30)
    await shop.stock_item(pictured, 500)
    for sku in (full, short, pictured):
        await shop.page(f"/products/{sku}", "product", sku)
    await shop.page(f"/campaigns/{shop.run.lower()}", "landing")
    await site.set(broken_images=[pictured])
    items = [{"sku": full, "expected_units": 100}, {"sku": short, "expected_units": 100},
             {"sku": pictured, "expected_units": 50}]
    campaign_id = await shop.campaign("Winter sale", items, f"/campaigns/{shop.run.lower()}")

    first_request = await shop.request_launch(campaign_id)
    verdict = await shop.final_readiness(campaign_id, first_request)
    assert verdict["readiness"] == "blocked", verdict
    reasons = " ".join(verdict["reasons"])
    assert short in reasons and "30%" in reasons
    assert pictured in reasons or f"/products/{pictured}" in reasons

    async def advisory_before_launch():
        [advisory] = await shop.advisories(campaign_id=campaign_id, kind="campaign_launch")
        assert advisory["severity"] == "critical", advisory
        assert advisory["expected_extra_contacts"] == math.ceil(250 * 0.05)
        assert short in advisory["summary"]

    await eventually(advisory_before_launch, timeout=30)
    assert (await shop.campaign_state(campaign_id))["status"] == "blocked"

    await shop.move(short, 200, "receipt")
    await site.set(broken_images=[])
    second_request = await shop.request_launch(campaign_id)
    verdict = await shop.final_readiness(campaign_id, second_request)
    assert verdict["readiness"] == "ready", verdict
    launched = await shop.ok("marketing", "POST", f"/v1/campaigns/{campaign_id}/launch", "marketing", json={})
    assert launched["status"] == "live"

    available = (await shop.ok("inventory", "GET", f"/v1/stock/{full}", "storefront"))["available"]
    reservation = await shop.ok("inventory", "POST", "/v1/reservations", "storefront", json={
        "order_ref": f"order-{shop.run}", "lines": [{"sku": full, "qty": available}]})
    await shop.ok("inventory", "POST", f"/v1/reservations/{reservation['id']}/commit", "storefront")

    async def sold_out_everywhere():
        state = await shop.campaign_state(campaign_id)
        assert state["status"] == "live" and any(full in risk for risk in state["risks"]), state
        stock_risks = await shop.advisories(kind="stock_risk", active="true")
        assert any(full in a["skus"] and a["severity"] == "critical" for a in stock_risks)
        tasks = await shop.tasks(kind="out_of_stock_messaging", status="open")
        assert any(t["sku"] == full for t in tasks)

    await eventually(sold_out_everywhere, timeout=30)
    await shop.move(full, 300, "receipt")

    async def cleared():
        state = await shop.campaign_state(campaign_id)
        assert not any(full in risk for risk in state["risks"]), state
        open_tasks = await shop.tasks(kind="out_of_stock_messaging", status="open")
        assert not any(t["sku"] == full for t in open_tasks)
        active_risks = await shop.advisories(kind="stock_risk", active="true")
        assert not any(full in a["skus"] for a in active_risks)
        [campaign_advisory] = await shop.advisories(campaign_id=campaign_id, kind="campaign_launch")
        assert "at risk" not in campaign_advisory["title"], campaign_advisory

    await eventually(cleared, timeout=30)


async def test_storefront_return_is_approved_inspected_and_restocked(shop):
    sku = shop.sku("RET")
    await shop.stock_item(sku, 10)
    created = await shop.request_return({
        "order_ref": f"order-{shop.run}", "customer_ref": "customer-123",
        "lines": [{"sku": sku, "qty": 3, "reason": "damaged", "comment": "The lid arrived cracked."}]})
    return_id = created["id"]
    await shop.ok("support", "POST", f"/v1/returns/{return_id}/approve", "support")
    await shop.receive_return(return_id)
    await shop.ok("support", "POST", f"/v1/returns/{return_id}/inspect", "support", json={"lines": [
        {"sku": sku, "qty": 2, "disposition": "resellable"}, {"sku": sku, "qty": 1, "disposition": "damaged"}]})

    async def restocked():
        assert (await shop.ok("support", "GET", f"/v1/returns/{return_id}", "storefront"))["status"] == "restocked"
        assert (await shop.ok("inventory", "GET", f"/v1/stock/{sku}", "storefront"))["on_hand"] == 12

    await eventually(restocked, timeout=30)


async def test_broken_checkout_and_landing_page_warn_support_and_flag_the_live_campaign(shop, site):
    sku = shop.sku("CHK")
    landing_path = f"/campaigns/chk-{shop.run.lower()}"
    await shop.stock_item(sku, 500)
    await shop.page(f"/products/{sku}", "product", sku)
    landing = await shop.page(landing_path, "landing")
    checkout = await shop.page(f"/checkout?run={shop.run}", "checkout")
    campaign_id = await shop.campaign("Checkout story", [{"sku": sku, "expected_units": 10}], landing_path)
    request_id = await shop.request_launch(campaign_id)
    assert (await shop.final_readiness(campaign_id, request_id))["readiness"] == "ready"
    await shop.ok("marketing", "POST", f"/v1/campaigns/{campaign_id}/launch", "marketing", json={})

    await site.set(broken_pages=["/checkout", landing_path])
    assert (await shop.check_page(checkout["id"]))["health"] == "broken"
    assert (await shop.check_page(landing["id"]))["health"] == "broken"

    async def warned_and_flagged():
        issues = await shop.advisories(kind="content_issue", active="true")
        assert any(checkout["url"] in a["urls"] and a["severity"] == "critical" for a in issues), issues
        state = await shop.campaign_state(campaign_id)
        assert any(landing["url"] in risk for risk in state["risks"]), state

    await eventually(warned_and_flagged, timeout=30)
    await site.set(broken_pages=[])
    await shop.check_page(checkout["id"])
    await shop.check_page(landing["id"])

    async def cleared():
        issues = await shop.advisories(kind="content_issue", active="true")
        assert not any(checkout["url"] in a["urls"] for a in issues)
        assert (await shop.campaign_state(campaign_id))["risks"] == []

    await eventually(cleared, timeout=30)


async def test_repeated_tickets_about_a_sku_become_a_content_task_with_the_questions(shop):
    sku = shop.sku("FAQ")
    await shop.stock_item(sku, 20)
    await shop.page(f"/products/{sku}", "product", sku)
    questions = [f"Is {sku} waterproof? ({n})" for n in range(5)]
    for question in questions:
        await shop.ok("support", "POST", "/v1/tickets", "storefront", json={
            "customer_ref": "c-1", "channel": "chat", "subject": question, "body": "Asking before I buy.",
            "topic": "product_question", "sku": sku})

    async def task_with_questions():
        found = [t for t in await shop.tasks(kind="answer_recurring_question") if t["sku"] == sku
                 or sku in str(t["details"])]
        assert len(found) == 1, found
        task = found[0]
        assert set(questions) <= set(str(q) for q in task["details"].get("sample_questions", [])), task

    await eventually(task_with_questions, timeout=30)


async def test_correlation_id_of_a_launch_request_reaches_every_event_it_caused(shop, system):
    sku = shop.sku("COR")
    await shop.stock_item(sku, 100)
    await shop.page(f"/products/{sku}", "product", sku)
    await shop.page(f"/campaigns/cor-{shop.run.lower()}", "landing")
    campaign_id = await shop.campaign("Correlated", [{"sku": sku, "expected_units": 10}],
                                      f"/campaigns/cor-{shop.run.lower()}")
    correlation_id = f"launch-{shop.run}"
    topics = ["marketing.events", "inventory.events", "support.events", "content.events"]
    async with EventProbe(system.bootstrap, system.namespace, topics) as probe:
        request_id = await shop.request_launch(campaign_id, correlation_id)
        await shop.final_readiness(campaign_id, request_id)
        await probe.wait_for("support.advisory.published.v1", lambda e: e.correlationid == correlation_id)
        await probe.wait_for("marketing.campaign.readiness_changed.v1",
                             lambda e: e.correlationid == correlation_id)
        # The probe reads the four topics independently: wait for the checks' answers too.
        for answer in ("inventory.campaign_check.completed.v1", "content.campaign_check.completed.v1"):
            await probe.wait_for(answer, lambda e: e.correlationid == correlation_id)
        caused = [e for e in probe.events if e.correlationid == correlation_id]
        sources = {e.source for e in caused}
        assert sources == {"/marketing", "/inventory", "/content", "/support"}, sources
        assert {e.type for e in caused} >= {
            "marketing.campaign.launch_requested.v1", "inventory.campaign_check.completed.v1",
            "content.campaign_check.completed.v1", "support.advisory.published.v1",
            "marketing.campaign.readiness_changed.v1"}
        by_id = {e.id: e for e in caused}
        for event in caused:
            if event.causationid is None:
                assert event.source == "/marketing", event  # written by the HTTP request itself
            else:
                assert event.causationid in by_id, event  # written by a handler of an event seen here
    timeline = await shop.ok("marketing", "GET", f"/v1/campaigns/{campaign_id}/timeline", "marketing")
    assert any(correlation_id in str(entry) for entry in timeline["items"]), timeline
