"""The real routes of a service app, as (method, path) pairs, read from FastAPI's route table."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import FastAPI


def _walk(routes: Iterable[Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for route in routes:
        original = getattr(route, "original_router", None)
        if original is not None:  # an included router, kept lazily by FastAPI
            yield from _walk(original.routes, prefix + route.include_context.prefix)
            continue
        for method in sorted(getattr(route, "methods", None) or ()):
            if method != "HEAD":
                yield method, prefix + route.path


def app_routes(app: FastAPI) -> list[tuple[str, str]]:
    return sorted(set(_walk(app.routes)))
