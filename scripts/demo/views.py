"""What each team looks at, fetched from its service and printed in plain words."""

from __future__ import annotations

from typing import Any

from scripts.demo import output
from scripts.demo.api import Services
from scripts.demo.scene import Scenario

TASK_WORDS = {
    "fix_broken_page": "fix the broken page",
    "create_missing_page": "create the missing product page",
    "refresh_stale_page": "refresh the stale page",
    "answer_recurring_question": "answer a recurring customer question on the page",
    "out_of_stock_messaging": "show out-of-stock messaging",
    "retire_campaign_page": "retire the campaign page",
}


def capitals(status: str) -> str:
    """A verdict or status as the headline word: `at_risk` reads AT RISK."""
    return status.replace("_", " ").upper()


async def final_readiness(services: Services, scenario: Scenario) -> dict[str, Any]:
    """Marketing's readiness once both checks of the current launch request have answered."""
    path = f"/v1/campaigns/{scenario.campaign_id}/readiness"

    async def answered() -> dict[str, Any] | None:
        readiness = await services.call("marketing", "GET", path, "marketing")
        checks = readiness["checks"]
        if "pending" in (checks["inventory"]["status"], checks["content"]["status"]):
            return None
        return readiness if readiness["readiness"] not in (None, "checking") else None

    return await services.until("the inventory and content checks to reach marketing", answered)


def show_readiness(scenario: Scenario, readiness: dict[str, Any]) -> None:
    output.team("Marketing", f"Readiness verdict: {capitals(readiness['readiness'])}")
    if readiness["reasons"]:
        output.note("Why:")
        output.bullets(readiness["reasons"], indent=6)
    stock = readiness["checks"]["inventory"]
    output.note(f"Inventory's stock check answered “{stock['status']}”:")
    output.table(["SKU", "expected", "available", "safety", "coverage", "status"], [
        (item["sku"], item["expected_units"], item["available"], item["safety_stock"],
         output.percent(item["coverage"]), item["status"]) for item in stock["items"]
    ], indent=6)
    pages = readiness["checks"]["content"]
    output.note(f"Content's page check answered “{pages['status']}”:")
    output.table(["page", "kind", "health", "issues"], [
        (scenario.page_name(page["url"]), page["kind"], page["health"],
         ", ".join(issue.replace("_", " ") for issue in page["issues"]) or "-") for page in pages["pages"]
    ], indent=6)
    for sku in pages["missing_product_pages"]:
        output.note(f"No product page for {sku}.")


async def campaign_advisory(services: Services, scenario: Scenario) -> dict[str, Any] | None:
    found = await services.call("support", "GET", "/v1/advisories", "support", params={
        "campaign_id": scenario.campaign_id, "kind": "campaign_launch",
    })
    return found["items"][0] if found["items"] else None


async def settled_advisory(
    services: Services, scenario: Scenario, readiness: dict[str, Any], after_revision: int = 0
) -> dict[str, Any]:
    """The campaign advisory once support has read both checks and marketing's final verdict."""
    expected = [f"readiness verdict: {readiness['readiness']}", *readiness["reasons"]]

    async def settled() -> dict[str, Any] | None:
        advisory = await campaign_advisory(services, scenario)
        if advisory is None or advisory["revision"] <= after_revision:
            return None
        summary = advisory["summary"]
        if "check still running" in summary or not all(text in summary for text in expected):
            return None
        return advisory

    return await services.until("support's campaign advisory to take in both checks and the verdict",
                                settled)


def show_advisory(advisory: dict[str, Any], headline: str) -> None:
    output.team("Support", headline)
    facts = [f"Severity: {advisory['severity'].upper()}"]
    if advisory["expected_extra_contacts"] is not None:
        facts.append(f"Expected extra customer contacts: {advisory['expected_extra_contacts']}")
    output.note("    ".join([*facts, f"Revision: {advisory['revision']}"]))
    output.note(f"Title: {advisory['title']}")
    for line in advisory["summary"].splitlines():
        output.say(line, indent=6, hanging=2)


async def tasks_of(
    services: Services, scenario: Scenario, status: str, kind: str | None = None
) -> list[dict[str, Any]]:
    """Content tasks about this run's pages or SKUs."""
    params = {"status": status, **({"kind": kind} if kind else {})}
    found = await services.every("content", "/v1/tasks", "content", **params)
    pages = set(scenario.page_ids.values())
    return [task for task in found if task["page_id"] in pages or task["sku"] in scenario.skus]


def task_line(scenario: Scenario, task: dict[str, Any]) -> str:
    """What to do, and to which page (or SKU when the task is about a product, not a page)."""
    page_urls = {page_id: url for url, page_id in scenario.page_ids.items()}
    url = page_urls.get(task["page_id"]) or task["details"].get("url")
    subject = scenario.page_name(str(url)) if url else task["sku"]
    issues = task["details"].get("issues")
    detail = f" ({', '.join(str(i).replace('_', ' ') for i in issues)})" if issues else ""
    return f"{TASK_WORDS.get(task['kind'], task['kind'])}: {subject}{detail} [{task['status']}]"


def show_tasks(scenario: Scenario, tasks: list[dict[str, Any]], headline: str) -> None:
    output.team("Content", headline)
    output.bullets([task_line(scenario, task) for task in tasks] or ["(none)"])
