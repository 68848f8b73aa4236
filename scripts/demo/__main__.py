"""Run the demo: `python -m scripts.demo` (or `make demo`) while `make run` serves the stack.

Service addresses come from the services' settings (e.g. `INVENTORY_PORT`) unless
`DEMO_<SERVICE>_URL` is set (the board's too: `DEMO_BOARD_URL`, else `BOARD_PORT`);
`DEMO_WAIT_SECONDS` bounds each wait for the other teams (default 60).
"""

from __future__ import annotations

import asyncio
import secrets
import sys

from scripts.demo import live, orders, output, scene, story
from scripts.demo.api import DemoFailed, Services, StackNotRunning, board_url, service_urls
from scripts.demo.site import DemoSite

INTRODUCTION = (
    "Four teams run an online shop, each with its own service: marketing (campaigns), inventory "
    "(stock and shipping), support (customers) and content (web pages). They never call each other; each "
    "publishes what happens as events on Kafka and the others react. Below, each step shows what "
    "the teams do and what every team then sees in its own service."
)

RECAP = (
    "Marketing only asked to launch. Inventory and content checked stock and pages on their own, "
    "and the verdict (BLOCKED, then READY) came with reasons each team could act on.",
    "Support had an advisory, with the extra contacts to expect, before the campaign went live.",
    "When a product sold out, the LIVE campaign was flagged AT RISK, support got a stock-out "
    "advisory and content a task; the restock cleared all three by itself.",
    "The timeline shows what every team said, in order, for the post-mortem.",
    "Orders left the warehouse with their reservations committed; when one missed its ship-by time, "
    "support's order view read DELAYED before the customer wrote, and a where-is-my-order ticket came "
    "with a suggested reply (on time) or high priority (delayed).",
    "Damaged returns of one product became a packaging alert for the warehouse team.",
)


async def play(services: Services, run: str) -> None:
    await services.check_running()
    output.banner(f"Shop coordination demo, run {run}")
    output.say(INTRODUCTION)
    with DemoSite() as site:
        scenario = scene.new_scenario(run, site)
        try:
            await scene.set_the_scene(services, scenario)
            advisory = await story.first_launch_request(services, scenario)
            advisory = await story.fix_and_ask_again(services, scenario, advisory)
            await story.launch(services, scenario, advisory)
            stock_risk = await live.sell_out(services, scenario)
            await live.replenish(services, scenario, stock_risk)
            await live.end_and_look_back(services, scenario)
            await orders.ship_orders(services, scenario)
            await orders.damaged_returns(services, scenario)
        finally:
            await scene.forget_pages(services, scenario)
    output.section("In short", "What the story showed:")
    output.bullets(RECAP, indent=2)
    output.say()
    output.say("The demo shop site has stopped and its pages were removed from the content registry, so "
               "the periodic re-check does not report them broken. Run `make demo` again for a fresh story.")
    await show_the_board(services, scenario.campaign_id)


async def show_the_board(services: Services, campaign_id: str) -> None:
    """Where the teams see all this in a browser: the board (SPEC 14)."""
    url = board_url()
    output.section("See it on the board", f"Open {url} and sign in with dev-admin (the sign-in page lists "
                   "every dev key; dev-marketing shows the campaign actions, dev-storefront none).")
    output.bullets([
        "Overview: campaigns with their readiness and reasons, stock at risk, broken pages, support's "
        "active advisories, delayed deliveries, and the backbone's health per service (outbox, "
        "consumer lag, dead letters).",
        f"This run's campaign, now ended: {url}/campaigns/{campaign_id} has both checks, the coverage "
        "chart per SKU against the 1.0 and 0.5 lines, and the cross-team timeline printed above.",
        f"Calendar ({url}/calendar): the campaigns on a time axis, coloured and labelled by readiness.",
        "Team pages: Warehouse, Support and Content, each with what needs that team now.",
        "Leave a page open and run `make demo` again: the new story appears on it without a reload.",
    ], indent=2)
    if not await services.answers(url):
        output.note(f"(Nothing answers at {url} right now: the board starts with `make run`.)")


async def main() -> int:
    services = Services(service_urls())
    try:
        await play(services, secrets.token_hex(2).upper())
    except StackNotRunning as error:
        print(f"\n{error}", file=sys.stderr)
        return 2
    except DemoFailed as error:
        print(f"\nThe demo stopped: {error}", file=sys.stderr)
        return 1
    finally:
        await services.close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(asyncio.run(main()))
    except KeyboardInterrupt:
        sys.exit(130)
