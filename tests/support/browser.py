"""Debian's Chromium driven by Playwright (its pip package brings only the driver: never run
`playwright install`, which downloads a browser build of its own and fails on machines without
internet)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.async_api import Browser, Playwright

CHROMIUM = os.environ.get("BOARD_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 800}
# Why the browser tests were skipped in this run, for the loud line at the end of the run.
NOT_RUN: list[str] = []


def chromium_problem() -> str | None:
    """None when the browser tests can run, otherwise why they cannot."""
    if not Path(CHROMIUM).is_file() or not os.access(CHROMIUM, os.X_OK):
        return (f"{CHROMIUM} is missing: install Debian's chromium package (`make test` does it as "
                "root with apt-get; `bash scripts/ensure_chromium.sh`)")
    try:
        import playwright.async_api  # noqa: F401
    except ImportError as error:
        return f"the playwright package is not installed ({error}); `make test` installs the dev extras"
    return None


async def launch(playwright: Playwright) -> Browser:
    return await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
