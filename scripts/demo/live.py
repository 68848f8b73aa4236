"""Steps 4 to 6: a product sells out during the campaign, comes back, and the campaign ends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scripts.demo import output, views
from scripts.demo.api import Services
from scripts.demo.scene import Scenario, receive, stock_of

ORDER_SIZE = 30


async def sell_out(services: Services, scenario: Scenario) -> dict[str, Any]:
    """Returns support's stock-risk advisory."""
    short = scenario.short
    output.step(4, f"Shoppers buy every {short.name.lower()}", "The storefront reserves stock at "
                "checkout and commits the reservation when the order ships. When the last unit is "
                "gone, inventory publishes a stock-out that the other teams act on.")
    rows = []
    left = int((await stock_of(services, [short.sku]))[short.sku]["available"])
    number = 0
    while left > 0:
        number += 1
        units = min(ORDER_SIZE, left)
        order_ref = f"ORDER-{scenario.run}-{number}"
        reservation = await services.call("inventory", "POST", "/v1/reservations", "storefront", json={
            "order_ref": order_ref, "lines": [{"sku": short.sku, "qty": units}],
        })
        await services.call("inventory", "POST", f"/v1/reservations/{reservation['id']}/commit", "storefront")
        left = int((await stock_of(services, [short.sku]))[short.sku]["available"])
        rows.append((order_ref, units, "reserved, then shipped", left))
    output.team("Storefront", f"Orders for {short.sku}:")
    output.table(["order", "units", "what happened", "left"], rows)

    campaign = await services.until("marketing's live-campaign guard to flag the stock-out",
                                    lambda: _campaign_if(services, scenario, lambda c: bool(c["risks"])))
    output.team("Marketing", f"Campaign status: {views.capitals(campaign['status'])}, but AT RISK:")
    output.bullets(campaign["risks"])
    advisory = await services.until("support's stock-risk advisory", lambda: _stock_risk(services, scenario))
    views.show_advisory(advisory, "A new advisory, so agents know what to tell customers:")
    tasks = await services.until("content's out-of-stock task", lambda: views.tasks_of(
        services, scenario, "open", "out_of_stock_messaging"))
    views.show_tasks(scenario, tasks, "A new task for the content team:")
    return advisory


async def replenish(services: Services, scenario: Scenario, advisory: dict[str, Any]) -> None:
    short = scenario.short
    output.step(5, "The warehouse restocks", "A goods receipt lifts the product back above its low-stock "
                "line; the stock-out alerts clear by themselves.")
    available = await receive(services, short.sku, "HAM-1", 100, f"PO-{scenario.run}-RESTOCK")
    output.team("Inventory", f"100 {short.name.lower()}s received at HAM-1: {available} available.")
    campaign = await services.until("marketing to clear the risk",
                                    lambda: _campaign_if(services, scenario, lambda c: not c["risks"]))
    output.team("Marketing", f"Campaign status: {views.capitals(campaign['status'])}, no risks left.")

    async def ended() -> dict[str, Any] | None:
        current = await services.call("support", "GET", f"/v1/advisories/{advisory['id']}", "support")
        return current if current["valid_until"] else None

    closed = await services.until("support to end the stock-risk advisory", ended)
    output.team("Support", f"The stock-risk advisory has ended ({output.moment(closed['valid_until'])}):")
    output.say(closed["summary"].splitlines()[-1], indent=4, hanging=2)
    done = await services.until("content to close the out-of-stock task", lambda: views.tasks_of(
        services, scenario, "done", "out_of_stock_messaging"))
    views.show_tasks(scenario, done, "The out-of-stock task closed itself:")


async def end_and_look_back(services: Services, scenario: Scenario) -> None:
    output.step(6, "The campaign ends, and marketing looks back", "Ending the campaign tells content to "
                "retire the landing page. The campaign's timeline collects what every team said, in order.")
    campaign = await services.call("marketing", "POST", f"/v1/campaigns/{scenario.campaign_id}/end",
                                   "marketing", json={"reason": "Demo over"})
    output.team("Marketing", f"Campaign status: {views.capitals(campaign['status'])}.")
    tasks = await services.until("content's task to retire the landing page", lambda: views.tasks_of(
        services, scenario, "open", "retire_campaign_page"))
    views.show_tasks(scenario, tasks, "A last task for the content team:")
    timeline = await services.every("marketing", f"/v1/campaigns/{scenario.campaign_id}/timeline",
                                    "marketing")
    output.team("Marketing", f"The campaign's timeline ({len(timeline)} entries, oldest first):")
    for entry in timeline:
        output.say(f"{output.clock(entry['occurred_at'])}  {entry['source']:<9}  {entry['summary']}",
                   indent=4, hanging=21)


async def _campaign_if(
    services: Services, scenario: Scenario, condition: Callable[[dict[str, Any]], bool]
) -> dict[str, Any] | None:
    campaign = await services.call("marketing", "GET", f"/v1/campaigns/{scenario.campaign_id}", "marketing")
    return campaign if condition(campaign) else None


async def _stock_risk(services: Services, scenario: Scenario) -> dict[str, Any] | None:
    found = await services.call("support", "GET", "/v1/advisories", "support", params={
        "kind": "stock_risk", "campaign_id": scenario.campaign_id, "active": "true",
    })
    fresh = [a for a in found["items"] if scenario.short.sku in a["skus"]]
    return fresh[0] if fresh else None

