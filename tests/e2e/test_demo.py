"""`make demo` plays the headline story against a running system, and says so when there is none."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

from tests.support.broker import free_port
from tests.support.processes import ROOT, RunningStack

SERVICES = ("marketing", "inventory", "support", "content")


async def run_demo(urls: dict[str, str]) -> tuple[int, str, str]:
    env = {**os.environ, **{f"DEMO_{name.upper()}_URL": url for name, url in urls.items()}}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "scripts.demo", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=240)
    assert process.returncode is not None
    return process.returncode, stdout.decode(), stderr.decode()


def assert_told_in_order(output: str, *milestones: str) -> None:
    """Each milestone appears after the previous one, however the text was wrapped."""
    flowing = " ".join(output.split())
    position = 0
    for milestone in (" ".join(m.split()) for m in milestones):
        found = flowing.find(milestone, position)
        assert found >= 0, f"{milestone!r} is missing, or told out of order:\n{output}"
        position = found + len(milestone)


@pytest.mark.e2e
async def test_demo_tells_the_campaign_launch_story_team_by_team(system: RunningStack) -> None:
    code, output, errors = await run_demo({name: s.url for name, s in system.services.items()})

    assert code == 0, f"{errors}\n{output[-4000:]}"
    assert_told_in_order(
        output,
        "Readiness verdict: BLOCKED",
        "stock covers only 33% of the 60 expected units",
        "is broken: has a broken image",
        "Severity: CRITICAL    Expected extra customer contacts: 12",
        "fix the broken page: /products/RAIN-JACKET-",
        "Readiness verdict: READY",
        "Campaign status: LIVE (launched",
        "Campaign status: LIVE, but AT RISK",
        "Title: Out of stock: WATER-BOTTLE-",
        "show out-of-stock messaging: WATER-BOTTLE-",
        "Campaign status: LIVE, no risks left.",
        "The stock-risk advisory has ended",
        "The out-of-stock task closed itself",
        "Campaign status: ENDED.",
        "The campaign's timeline (",
        "Launch requested; inventory and content are asked to check the campaign.",
        "Readiness: ready.",
        "Launched.",
        "At risk: WATER-BOTTLE-",
        "No longer at risk: WATER-BOTTLE-",
        "Orders leave the warehouse, and one stalls",
        "reads DELAYED (not shipped in time)",
        "no customer has written yet",
        "Suggested reply:",
        "(delayed): ticket priority HIGH",
        "no longer delayed",
        "Damaged returns reach the packaging team",
        "Quality alert: packaging of RAIN-JACKET-",
        "See it on the board",
        "sign in with dev-admin",
        "/campaigns/",
        "/calendar",
    )
    assert "{" not in output, "the demo prints raw JSON"


async def test_demo_without_a_running_stack_says_to_start_it() -> None:
    nowhere = {name: f"http://127.0.0.1:{free_port()}" for name in SERVICES}

    code, output, errors = await run_demo(nowhere)

    assert code == 2
    assert "make run" in errors
    assert "marketing" in errors and "does not answer" in errors
    assert "Step 1" not in output
