"""Plain-text output: headings per step and per team, wrapped lines, bullets and small tables."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import datetime

WIDTH = 100


def say(text: str = "", indent: int = 0, hanging: int = 0) -> None:
    """Print `text` wrapped to the page width; every line of it keeps its own wrap."""
    if not text:
        print(flush=True)
        return
    prefix = " " * indent
    for line in text.splitlines():
        print(textwrap.fill(line, WIDTH, initial_indent=prefix, subsequent_indent=prefix + " " * hanging,
                            break_on_hyphens=False), flush=True)


def banner(text: str) -> None:
    say()
    say(text)
    say("=" * len(text))


def step(number: int, text: str, what_happens: str) -> None:
    section(f"Step {number}. {text}", what_happens)


def section(heading: str, what_happens: str) -> None:
    say()
    say(heading)
    say("-" * len(heading))
    say(what_happens)


def team(name: str, headline: str) -> None:
    say()
    say(f"[{name}] {headline}", indent=2, hanging=4)


def note(text: str) -> None:
    say(text, indent=4, hanging=2)


def bullets(lines: Sequence[str], indent: int = 4) -> None:
    for line in lines:
        say(f"- {line}", indent=indent, hanging=2)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], indent: int = 4) -> None:
    cells = [[str(value) for value in row] for row in rows]
    widths = [max(len(headers[i]), *(len(row[i]) for row in cells)) for i in range(len(headers))]
    for row in [list(headers), *cells]:
        say(" " * indent + "  ".join(value.ljust(widths[i]) for i, value in enumerate(row)).rstrip())


def moment(value: str) -> str:
    """An API timestamp as a person reads it."""
    return f"{datetime.fromisoformat(value):%a %d %b, %H:%M} UTC"


def clock(value: str) -> str:
    return f"{datetime.fromisoformat(value):%H:%M:%S}"


def percent(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.0%}"
