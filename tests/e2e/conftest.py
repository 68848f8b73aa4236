"""The whole system for end-to-end stories and the board's browser tests: the fixtures live in
tests/support/stack.py (one full stack for every suite), made available here."""

import pytest

from tests.support import browser
from tests.support.stack import DemoSite, board_system, site, system

__all__ = ["DemoSite", "board_system", "site", "system"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """A skipped browser suite must not pass unnoticed in a green run."""
    if browser.NOT_RUN:
        terminalreporter.write_sep("!", "THE BOARD'S BROWSER TESTS DID NOT RUN", red=True, bold=True)
        terminalreporter.write_line(browser.NOT_RUN[0], red=True)
