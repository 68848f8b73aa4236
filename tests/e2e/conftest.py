"""The whole system for end-to-end stories and the board's browser tests: the fixtures live in
tests/support/stack.py (one full stack for every suite), made available here."""

from tests.support.stack import DemoSite, board_system, site, system

__all__ = ["DemoSite", "board_system", "site", "system"]
