"""`make screenshots`: docs/board/overview.png, campaign.png and calendar.png (1280x800, Debian's
Chromium), taken after enough of the demo story to fill the board.

By default it starts a throw-away stack of its own (broker, the four services and the board, each
on a fresh PostgreSQL database at TEST_DATABASE_URL's server), so the pictures show only this
story. `--running` uses the stack of `make run` instead (service ports from their settings, the
board at DEMO_BOARD_URL or BOARD_PORT) and removes the demo's pages from the content registry
afterwards; its pictures then also show whatever that stack held before. `--review DIR` also
saves every page (the team pages too) whole, as a person scrolling it would see it, for a look
before a change to the board lands; those are not committed.

The story played, with the demo's own steps (scripts/demo):
* "Spring running week": a launch request that comes back BLOCKED (too few water bottles, a
  broken product photo), support's advisory and content's task about it;
* "Summer trail days": fixed, READY, launched, then a product sells out: LIVE but at risk, a
  stock-risk advisory, an out-of-stock task;
* "Autumn trail shoes": a third campaign on the first campaign's shoe, a few days later and
  overlapping it, asked to launch (READY).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import secrets
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scripts.demo import live, scene, story, views
from scripts.demo.api import Services, board_url, service_urls
from scripts.demo.site import DemoSite
from tests.support import browser as chromium

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "board"


def say(text: str) -> None:
    print(f"screenshots: {text}", flush=True)


@contextlib.asynccontextmanager
async def stack(use_running: bool) -> AsyncIterator[tuple[dict[str, str], str]]:
    """(the four services' URLs, the board's URL)."""
    if use_running:
        yield service_urls(), board_url()
        return
    from tests.support.databases import postgres_available
    from tests.support.stack import full_stack

    problem = await postgres_available()
    if problem:
        raise SystemExit(f"screenshots: PostgreSQL is needed for the throw-away stack ({problem}); "
                         "or run `make run` and then `python -m scripts.screenshots --running`.")
    with tempfile.TemporaryDirectory(prefix="board-screenshots-") as logs:
        say_to_console(f"starting the broker, the four services and the board (logs in {logs})...")
        async with full_stack(Path(logs), board=True, prefix="shots") as running:
            urls = {name: s.url for name, s in running.services.items() if name != "board"}
            yield urls, running.board.url


async def play(services: Services, sites: tuple[DemoSite, DemoSite], log: io.StringIO,
               scenarios: list[scene.Scenario]) -> scene.Scenario:
    """The demo's steps, their printed story going to `log`; returns the blocked scenario."""
    run = secrets.token_hex(2).upper()
    spring = scene.new_scenario(run, sites[0])
    summer = scene.new_scenario(f"{run}S", sites[1])
    summer.campaign_name = f"Summer trail days {run}"
    scenarios += [spring, summer]
    with contextlib.redirect_stdout(log):
        say_to_console("the spring campaign is asked to launch (it comes back blocked)...")
        await scene.set_the_scene(services, spring)
        await story.first_launch_request(services, spring)
        say_to_console("the summer campaign is fixed, launched, and sells out...")
        await scene.set_the_scene(services, summer)
        advisory = await story.first_launch_request(services, summer)
        advisory = await story.fix_and_ask_again(services, summer, advisory)
        await story.launch(services, summer, advisory)
        await live.sell_out(services, summer)
        say_to_console("a third campaign overlaps the spring one on its shoe...")
        await overlapping_campaign(services, spring)
    return spring


def say_to_console(text: str) -> None:
    print(f"screenshots: {text}", file=sys.__stdout__, flush=True)


async def overlapping_campaign(services: Services, spring: scene.Scenario) -> None:
    starts_at = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    shoe = spring.products[0]
    campaign = await services.call("marketing", "POST", "/v1/campaigns", "marketing", json={
        "name": f"Autumn trail shoes {spring.run}", "channels": ["email"],
        "starts_at": starts_at.isoformat(), "ends_at": (starts_at + timedelta(days=10)).isoformat(),
        "items": [{"sku": shoe.sku, "expected_units": 40, "discount_pct": 10}],
    })
    await services.call("marketing", "POST", f"/v1/campaigns/{campaign['id']}/launch-request", "marketing")
    autumn = scene.Scenario(spring.run, spring.site, [shoe], campaign["name"], "", campaign_id=campaign["id"])
    await views.final_readiness(services, autumn)


TEAM_PAGES = ("warehouse", "support", "content")


async def shoot(board: str, campaign_id: str, review: Path | None) -> list[Path]:
    from playwright.async_api import async_playwright, expect

    shots = [("overview.png", "/"), ("campaign.png", f"/campaigns/{campaign_id}"),
             ("calendar.png", "/calendar")]
    async with async_playwright() as playwright:
        browser = await chromium.launch(playwright)
        try:
            context = await browser.new_context(viewport=chromium.VIEWPORT, base_url=board)
            page = await context.new_page()
            await page.goto("/login")
            await page.fill("#api_key", "dev-admin")
            await page.get_by_role("button", name="Sign in", exact=True).click()
            await expect(page.get_by_role("heading", level=1)).to_have_text("Overview", timeout=30_000)
            row = page.locator(f"#campaigns [data-campaign-id='{campaign_id}']")
            deadline = time.monotonic() + 60
            while not await row.count():  # the board reads the events on its own; give it the time
                if time.monotonic() > deadline:
                    raise SystemExit("screenshots: the board never showed the spring campaign")
                await page.wait_for_timeout(1000)
                await page.reload()
            await page.wait_for_timeout(1500)  # one more health poll of the backbone
            saved = []
            for name, path in shots:
                await page.goto(path)
                await expect(page.get_by_role("heading", level=1)).to_be_visible()
                await page.wait_for_timeout(500)
                await page.screenshot(path=OUT / name)
                saved.append(OUT / name)
            if review:
                whole = [(name.replace(".png", "-whole.png"), path) for name, path in shots]
                whole += [(f"{team}-whole.png", f"/teams/{team}") for team in TEAM_PAGES]
                for name, path in whole:
                    await page.goto(path)
                    await page.wait_for_timeout(300)
                    await page.screenshot(path=review / name, full_page=True)
                    saved.append(review / name)
            return saved
        finally:
            await browser.close()


async def main(use_running: bool, review: Path | None) -> int:
    problem = chromium.chromium_problem()
    if problem:
        print(f"screenshots: cannot take them: {problem}", file=sys.stderr)
        return 1
    async with stack(use_running) as (urls, board):
        services = Services(urls)
        log = io.StringIO()
        scenarios: list[scene.Scenario] = []
        with DemoSite() as spring_site, DemoSite() as summer_site:
            try:
                await services.check_running()
                spring = await play(services, (spring_site, summer_site), log, scenarios)
                say(f"taking the pictures from {board}...")
                for path in await shoot(board, spring.campaign_id, review):
                    say(f"saved {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
            except BaseException:
                print(log.getvalue()[-6000:], file=sys.stderr)
                raise
            finally:
                if use_running:  # the demo sites stop with this script: their pages leave the registry
                    for scenario in scenarios:
                        await scene.forget_pages(services, scenario)
                await services.close()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--running", action="store_true", help="use the stack of `make run`")
    parser.add_argument("--review", type=Path, help="also save every page whole into this folder")
    arguments = parser.parse_args()
    for folder in (OUT, arguments.review):
        if folder:
            folder.mkdir(parents=True, exist_ok=True)
    sys.exit(asyncio.run(main(arguments.running, arguments.review)))
