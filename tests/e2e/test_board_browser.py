"""The board in a real Chromium (Debian's, through Playwright) against the real processes: the four
services, the board and the broker, on PostgreSQL. Data is set up through the services' APIs, as
the teams would; the board is only looked at and clicked, as a person would.

The markup relied on is the page contract in the board's README section (data-testid, ids, button
texts). Every request the pages make is recorded and must stay on this machine.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx
import pytest

from tests.support import browser as chromium
from tests.support.processes import RunningStack
from tests.support.shop import Shop
from tests.support.stack import DemoSite

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ACTIONS = ("Request launch", "Launch", "Pause", "Resume", "End", "Cancel", "Force launch")
WAIT_MS = 30_000
# Visible form fields that a screen reader could not name (no <label>, no aria-label).
UNLABELLED_FIELDS = """() => [...document.querySelectorAll("input, select, textarea")]
    .filter(f => f.type !== "hidden" && !(f.labels && f.labels.length) && !f.getAttribute("aria-label"))
    .map(f => f.outerHTML)"""

if chromium.chromium_problem() is None:
    from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect


@pytest.fixture(scope="module", autouse=True)
def _needs_chromium() -> None:
    """Before any stack is started: without a browser these tests fail in CI and skip elsewhere."""
    problem = chromium.chromium_problem()
    if problem is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"The board's browser tests need Chromium in CI: {problem}")
    chromium.NOT_RUN.append(problem)
    pytest.skip(f"THE BOARD'S BROWSER TESTS DID NOT RUN: {problem}")


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        running = await chromium.launch(playwright)
        yield running
        await running.close()


class Seen:
    """Every URL the board's pages asked for, and every uncaught script error, across the tests."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.script_errors: list[str] = []


@pytest.fixture(scope="module")
def seen() -> Seen:
    return Seen()


@pytest.fixture(scope="module")
def board_url(board_system: RunningStack) -> str:
    return board_system.board.url


SignIn = Callable[[str], Awaitable["Page"]]


@pytest.fixture
async def signed_in(browser: Browser, board_url: str, seen: Seen) -> AsyncIterator[SignIn]:
    """`page = await signed_in("marketing")`: a fresh browser session signed in with dev-<role>."""
    contexts: list[BrowserContext] = []

    async def sign_in(role: str) -> Page:
        context = await browser.new_context(viewport=chromium.VIEWPORT, base_url=board_url)
        contexts.append(context)
        context.on("request", lambda request: seen.urls.append(request.url))
        page = await context.new_page()
        page.on("pageerror", lambda error: seen.script_errors.append(f"{page.url}: {error}"))
        await page.goto("/login")
        await page.fill("#api_key", f"dev-{role}")
        await page.get_by_role("button", name="Sign in", exact=True).click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Overview", timeout=WAIT_MS)
        return page

    yield sign_in
    for context in contexts:
        await context.close()


@pytest.fixture(scope="module")
def shop(board_system: RunningStack, site: DemoSite) -> Shop:
    return Shop(board_system, site.url)


async def blocked_campaign(shop: Shop, name: str) -> tuple[str, str]:
    """A campaign expecting 100 units of a SKU that has 10, with a launch request answered: blocked.

    It has no landing page; its product page is on the local demo site, so the content check passes.
    """
    sku = shop.sku(name.split()[0].upper())
    await shop.stock_item(sku, 10)
    await shop.page(f"/products/{sku}", "product", sku)
    now = datetime.now(UTC)
    created = await shop.ok("marketing", "POST", "/v1/campaigns", "marketing", json={
        "name": f"{name} {shop.run}", "channels": ["email"],
        "starts_at": (now + timedelta(days=2)).isoformat(), "ends_at": (now + timedelta(days=9)).isoformat(),
        "items": [{"sku": sku, "expected_units": 100, "discount_pct": 15}],
    })
    campaign_id = str(created["id"])
    request_id = await shop.request_launch(campaign_id)
    verdict = await shop.final_readiness(campaign_id, request_id)
    assert verdict["readiness"] == "blocked", verdict
    return campaign_id, sku


@pytest.fixture(scope="module")
async def blocked(shop: Shop) -> tuple[str, str]:
    return await blocked_campaign(shop, "Spring hiking")


async def test_sign_in_shows_the_role_and_pages_need_a_session(signed_in: SignIn, board_url: str) -> None:
    async with httpx.AsyncClient(base_url=board_url) as client:
        anonymous = await client.get("/", follow_redirects=False)
        assert anonymous.status_code == 303 and anonymous.headers["location"].endswith("/login"), anonymous
        login = await client.get("/login")
        assert "dev-marketing" in login.text, "in development the login page lists the dev keys"

    page = await signed_in("marketing")

    await expect(page.get_by_test_id("role")).to_have_text("marketing")
    assert page.url.rstrip("/") == board_url
    for link in ("Overview", "Calendar", "Warehouse", "Support", "Content"):
        await expect(page.get_by_role("link", name=link, exact=True)).to_be_visible()
    await expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()
    cookie = next(c for c in await page.context.cookies() if c["name"] == "board_session")
    assert cookie["httpOnly"] and cookie["sameSite"] in ("Lax", "Strict"), cookie


async def test_a_wrong_key_is_refused_in_words(browser: Browser, board_url: str, seen: Seen) -> None:
    context = await browser.new_context(viewport=chromium.VIEWPORT, base_url=board_url)
    context.on("request", lambda request: seen.urls.append(request.url))
    try:
        page = await context.new_page()
        await page.goto("/login")
        await page.fill("#api_key", "not-a-key")
        await page.get_by_role("button", name="Sign in", exact=True).click()
        await expect(page.locator("[role=alert]")).to_be_visible(timeout=WAIT_MS)
        await expect(page.locator("#api_key")).to_be_visible()
        assert not [c for c in await context.cookies() if c["name"] == "board_session"]
    finally:
        await context.close()


async def test_sign_in_works_with_the_keyboard_alone(browser: Browser, board_url: str, seen: Seen) -> None:
    context = await browser.new_context(viewport=chromium.VIEWPORT, base_url=board_url)
    context.on("request", lambda request: seen.urls.append(request.url))
    try:
        page = await context.new_page()
        await page.goto("/login")
        for _ in range(20):
            await page.keyboard.press("Tab")
            if await page.evaluate("document.activeElement && document.activeElement.id") == "api_key":
                break
        else:
            raise AssertionError("Tab never reaches the API key field")
        await page.keyboard.type("dev-support")
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("heading", level=1)).to_have_text("Overview", timeout=WAIT_MS)
        await expect(page.get_by_test_id("role")).to_have_text("support")
    finally:
        await context.close()


async def test_overview_shows_a_new_blocked_campaign_with_its_reasons_without_a_reload(
    signed_in: SignIn, shop: Shop
) -> None:
    page = await signed_in("admin")
    await expect(page.locator("#campaigns")).to_be_visible()
    await page.evaluate("window.__noReload = 1")

    campaign_id, sku = await blocked_campaign(shop, "Autumn hiking")

    row = page.locator(f"#campaigns [data-campaign-id='{campaign_id}']")
    await expect(row).to_be_visible(timeout=WAIT_MS)
    await expect(row.get_by_test_id("readiness")).to_have_text("blocked", timeout=WAIT_MS)
    await expect(row.get_by_role("link", name=f"Autumn hiking {shop.run}")).to_have_attribute(
        "href", f"/campaigns/{campaign_id}")
    await expect(row.locator("li").filter(has_text=sku)).to_contain_text("10%")
    assert await page.evaluate("window.__noReload") == 1, "the overview was reloaded"


async def test_campaign_page_turns_ready_without_a_reload(signed_in: SignIn, shop: Shop) -> None:
    campaign_id, sku = await blocked_campaign(shop, "Winter layers")
    page = await signed_in("marketing")
    await page.goto(f"/campaigns/{campaign_id}")
    readiness = page.get_by_test_id("readiness").first
    await expect(readiness).to_have_text("blocked", timeout=WAIT_MS)
    await expect(page.locator("#checks")).to_contain_text("inventory")
    await expect(page.locator("#coverage svg")).to_contain_text(sku)
    await page.evaluate("window.__noReload = 1")

    await shop.move(sku, 500, "receipt")
    await shop.request_launch(campaign_id)

    await expect(readiness).to_have_text("ready", timeout=WAIT_MS)
    assert await page.evaluate("window.__noReload") == 1, "the page was reloaded"


async def test_launching_a_blocked_campaign_shows_the_refusal_in_words(
    signed_in: SignIn, blocked: tuple[str, str]
) -> None:
    campaign_id, _ = blocked
    page = await signed_in("marketing")
    await page.goto(f"/campaigns/{campaign_id}")
    await expect(page.get_by_test_id("readiness").first).to_have_text("blocked", timeout=WAIT_MS)

    await page.locator("#actions").get_by_role("button", name="Launch", exact=True).click()

    flash = page.locator("[data-testid=flash][role=alert]")
    await expect(flash).to_contain_text("Cannot launch a campaign whose status is blocked", timeout=WAIT_MS)
    assert "Traceback" not in await page.content()


async def test_an_admin_force_launches_a_blocked_campaign_with_a_reason(signed_in: SignIn, shop: Shop) -> None:
    campaign_id, _ = await blocked_campaign(shop, "Forced sale")
    page = await signed_in("admin")
    await page.goto(f"/campaigns/{campaign_id}")
    await expect(page.get_by_test_id("readiness").first).to_have_text("blocked", timeout=WAIT_MS)

    await page.get_by_label("Why launch anyway").fill("The supplier delivers tomorrow morning")
    await page.get_by_role("button", name="Force launch", exact=True).click()

    await expect(page.locator("[data-testid=flash][role=status]")).to_be_visible(timeout=WAIT_MS)
    state = await shop.campaign_state(campaign_id)
    assert state["status"] == "live" and state["forced"], state
    await expect(page.locator("#readiness")).to_contain_text("live", timeout=WAIT_MS)


async def test_a_storefront_session_sees_no_marketing_actions(
    signed_in: SignIn, blocked: tuple[str, str]
) -> None:
    campaign_id, _ = blocked
    page = await signed_in("storefront")
    await expect(page.get_by_test_id("role")).to_have_text("storefront")
    await page.goto(f"/campaigns/{campaign_id}")
    await expect(page.get_by_test_id("readiness").first).to_be_visible(timeout=WAIT_MS)

    for action in ACTIONS:
        await expect(page.get_by_role("button", name=action, exact=True)).to_have_count(0)


async def test_a_form_post_without_the_csrf_token_is_refused(
    signed_in: SignIn, blocked: tuple[str, str], board_url: str
) -> None:
    campaign_id, _ = blocked
    page = await signed_in("marketing")
    await page.goto(f"/campaigns/{campaign_id}")
    form = page.locator("#actions form").filter(has=page.get_by_role("button", name="Request launch",
                                                                      exact=True))
    action = await form.get_attribute("action") or f"/campaigns/{campaign_id}"
    token = await form.locator("input[name=csrf_token]").input_value()
    assert token

    without = await page.request.post(action, form={}, max_redirects=0)
    wrong = await page.request.post(action, form={"csrf_token": token[::-1] + "x"}, max_redirects=0)
    sign_out = await page.request.post("/logout", form={}, max_redirects=0)

    for refused in (without, wrong, sign_out):
        assert refused.status == 403, (refused.url, refused.status, await refused.text())
        assert "Traceback" not in await refused.text()
    # the session survives the refused sign-out, and the refused request changed nothing
    await page.goto(f"/campaigns/{campaign_id}")
    await expect(page.get_by_test_id("role")).to_have_text("marketing")
    await expect(page.get_by_test_id("readiness").first).to_have_text("blocked")


async def test_the_warehouse_receives_stock_from_its_page(signed_in: SignIn, shop: Shop) -> None:
    sku = shop.sku("RECEIVE")
    await shop.stock_item(sku, 0)
    page = await signed_in("inventory")
    await page.get_by_role("link", name="Warehouse", exact=True).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Warehouse")

    await page.get_by_label("SKU").fill(sku)
    await page.get_by_label("Warehouse").fill("BER-1")
    await page.get_by_label("Quantity").fill("40")
    await page.get_by_role("button", name="Receive stock", exact=True).click()

    await expect(page.locator("[data-testid=flash][role=status]")).to_be_visible(timeout=WAIT_MS)
    stock = await shop.ok("inventory", "GET", f"/v1/stock/{sku}", "storefront")
    assert stock["on_hand"] == 40, stock
    await expect(page.locator("#stock-levels")).to_contain_text(sku, timeout=WAIT_MS)


async def test_no_page_asks_for_anything_off_this_machine(
    signed_in: SignIn, blocked: tuple[str, str], seen: Seen
) -> None:
    """Runs last: it visits every page itself, then judges the requests of all the tests before it."""
    campaign_id, _ = blocked
    page = await signed_in("admin")
    for path in ("/", "/calendar", "/teams/warehouse", "/teams/support", "/teams/content",
                 f"/campaigns/{campaign_id}"):
        response = await page.goto(path)
        assert response is not None and response.status == 200, (path, response and response.status)
        await expect(page.get_by_role("heading", level=1)).to_have_count(1)
        unlabelled = await page.evaluate(UNLABELLED_FIELDS)
        assert unlabelled == [], (path, unlabelled)
        await page.wait_for_timeout(300)  # let the page's script open its event stream

    assert any(urlsplit(url).path == "/static/board.css" for url in seen.urls), seen.urls
    assert any(urlsplit(url).path == "/stream" for url in seen.urls), "no page opened the event stream"
    outside = sorted({url for url in seen.urls
                      if urlsplit(url).scheme not in ("data", "blob", "about")
                      and urlsplit(url).hostname not in LOCAL_HOSTS})
    assert outside == [], outside
    assert seen.script_errors == [], seen.script_errors
