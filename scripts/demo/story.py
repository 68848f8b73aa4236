"""Steps 1 to 3: a blocked launch request, the teams' fixes, a ready verdict and the launch."""

from __future__ import annotations

from typing import Any

from scripts.demo import output, views
from scripts.demo.api import Services
from scripts.demo.scene import Scenario, receive


async def first_launch_request(services: Services, scenario: Scenario) -> dict[str, Any]:
    """Returns support's campaign advisory as it stands after the checks."""
    output.step(1, "Marketing asks to launch the campaign", "Marketing only sends a launch request. "
                "Inventory and content hear of it as an event and check stock and pages on their own; "
                "support hears of it too, and of their answers.")
    await services.call("marketing", "POST", f"/v1/campaigns/{scenario.campaign_id}/launch-request",
                        "marketing")
    readiness = await views.final_readiness(services, scenario)
    views.show_readiness(scenario, readiness)
    advisory = await views.settled_advisory(services, scenario, readiness)
    campaign = await _campaign(services, scenario)
    views.show_advisory(advisory, "An advisory for the support agents, published before the campaign goes "
                        f"live (the campaign is still “{campaign['status']}”):")
    others = await services.call("support", "GET", "/v1/advisories", "support",
                                 params={"active": "true", "kind": "content_issue"})
    mine = [a for a in others["items"] if set(a["skus"]) & set(scenario.skus)]
    if mine:
        output.note("Also active, from the content team's crawl:")
        output.bullets([f"{a['severity'].upper()}: {a['title']}" for a in mine], indent=6)
    tasks = await services.until("content's task for the broken page",
                                 lambda: views.tasks_of(services, scenario, "open"))
    views.show_tasks(scenario, tasks, "Open tasks of the content team:")
    return advisory


async def fix_and_ask_again(
    services: Services, scenario: Scenario, advisory: dict[str, Any]
) -> dict[str, Any]:
    output.step(2, "The teams fix what was wrong, and marketing asks again", "Content replaces the "
                "broken photo, inventory receives more bottles, then marketing sends a new launch "
                "request; answers to the old request no longer count.")
    await _fix_page(services, scenario)
    short = scenario.short
    available = await receive(services, short.sku, "HAM-1", 50, f"PO-{scenario.run}-EXTRA")
    output.team("Inventory", f"50 more {short.name.lower()}s received at HAM-1: {short.sku} now has "
                f"{available} available.")
    await services.call("marketing", "POST", f"/v1/campaigns/{scenario.campaign_id}/launch-request",
                        "marketing")
    readiness = await views.final_readiness(services, scenario)
    views.show_readiness(scenario, readiness)
    updated = await views.settled_advisory(services, scenario, readiness, advisory["revision"])
    views.show_advisory(updated, "The same advisory, revised now that nothing is short:")
    return updated


async def _fix_page(services: Services, scenario: Scenario) -> None:
    scenario.site.fix_all()
    url = scenario.product_url(scenario.broken.sku)
    page = await services.call("content", "POST", f"/v1/pages/{scenario.page_ids[url]}/check", "content")
    fixes = await views.tasks_of(services, scenario, "open", "fix_broken_page")
    for task in fixes:
        await services.call("content", "PATCH", f"/v1/tasks/{task['id']}", "content",
                            json={"status": "done", "assignee": "content-team@shop.example"})
    output.team("Content", f"The photo on {scenario.page_name(url)} is replaced; a re-check says the "
                f"page is “{page['health']}” and the task to fix it is marked done.")

    async def restored() -> dict[str, Any] | None:
        timeline = await services.every("marketing", f"/v1/campaigns/{scenario.campaign_id}/timeline",
                                        "marketing")
        return next((entry for entry in timeline if entry["kind"] == "page_restored"), None)

    heard = await services.until("marketing to hear that the page works again", restored)
    output.team("Marketing", f"Hears it on the event backbone: “{heard['summary']}”")


async def launch(services: Services, scenario: Scenario, advisory: dict[str, Any]) -> None:
    output.step(3, "Marketing launches the campaign", "A ready campaign can go live; the storefront "
                "starts showing the discount and support's advisory follows.")
    campaign = await services.call("marketing", "POST", f"/v1/campaigns/{scenario.campaign_id}/launch",
                                   "marketing", json={})
    output.team("Marketing", f"Campaign status: {views.capitals(campaign['status'])} (launched "
                f"{output.moment(campaign['launched_at'])}, until {output.moment(campaign['ends_at'])}).")
    promotions = await services.call("marketing", "GET", "/v1/promotions", "storefront",
                                     params={"sku": scenario.products[0].sku})
    output.team("Storefront", "Asks which promotions apply to a product page it renders:")
    output.bullets([f"{p['sku']}: {p['discount_pct']:g} % off with “{p['name']}” until "
                    f"{output.moment(p['ends_at'])}" for p in promotions["items"]])

    async def revised() -> dict[str, Any] | None:
        current = await views.campaign_advisory(services, scenario)
        return current if current and current["revision"] > advisory["revision"] else None

    live = await services.until("support to learn that the campaign is live", revised)
    output.team("Support", f"The advisory now reads: {live['title']}")


async def _campaign(services: Services, scenario: Scenario) -> dict[str, Any]:
    campaign: dict[str, Any] = await services.call(
        "marketing", "GET", f"/v1/campaigns/{scenario.campaign_id}", "marketing")
    return campaign
