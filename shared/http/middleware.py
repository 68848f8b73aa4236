"""Pure ASGI middleware: the request layer (correlation id, metrics, error guard) and the
body limit of requests that carry one."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import context
from shared.db import is_database_unavailable
from shared.http.problems import database_unavailable, problem_response
from shared.observability import Metrics
from shared.tracing import Context, SpanKind, context_from, span

log = logging.getLogger(__name__)


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class RequestMiddleware:
    """The one layer every request passes: correlation id, metrics, and the error guard.

    Reads go from here straight to the routes; requests with a body pass `writes` first (the
    body limit and the idempotency store), which `create_service_app` wraps around the same app.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics, writes: Callable[[ASGIApp], ASGIApp],
                 trace_writes: bool) -> None:
        self.app = app
        self.writes = writes(app)
        self.metrics = metrics
        # Without span export, only requests that may cause events start a span: reads stay free.
        self.trace_writes = trace_writes
        # The labelled metric children by (method, route template, status): a dictionary lookup per
        # request instead of two `labels()` calls (route templates and statuses are few).
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started_at = time.perf_counter()
        correlation_id = context.sanitize_correlation_id(header_value(scope, b"x-correlation-id"))
        context.correlation_id.set(correlation_id)
        context.causation_id.set(None)
        echoed = (b"x-correlation-id", correlation_id.encode())
        status = 500
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
                message["headers"] = [*message.get("headers", []), echoed]
            await send(message)

        reading = scope["method"] in READ_METHODS
        target = self.app if reading else self.writes
        try:
            if reading or not self.trace_writes:
                await target(scope, receive, send_with_id)
            else:
                with span(f"{scope['method']} {scope['path']}", SpanKind.SERVER, _trace_parent(scope)):
                    await target(scope, receive, send_with_id)
        except Exception as error:
            if started:
                raise
            await self._answer_error(error, correlation_id)(scope, receive, send_with_id)
        finally:
            key = (scope["method"], _route_template(scope), status)
            children = self._children.get(key) or self._label(key)
            children[0].inc()
            children[1].observe(time.perf_counter() - started_at)

    def _label(self, key: tuple[str, str, int]) -> tuple[Any, Any]:
        method, route, status = key
        children = (self.metrics.http_requests.labels(method, route, str(status)),
                    self.metrics.http_latency.labels(method, route))
        self._children[key] = children
        return children

    @staticmethod
    def _answer_error(error: Exception, correlation_id: str) -> ASGIApp:
        """An unhandled error as a problem without internals, logged with its correlation id."""
        if is_database_unavailable(error):  # e.g. from the idempotency store
            return database_unavailable(error)
        log.exception("unexpected error (correlation id %s)", correlation_id, exc_info=error)
        return problem_response(
            500, "Internal error",
            f"Something went wrong on our side; quote correlation id {correlation_id} when reporting it.",
            "internal",
        )


class BodyLimitMiddleware:
    """Answer 413 to bodies over the limit, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = header_value(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        received = 0
        too_large = False

        async def limited_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    too_large = True
                    raise _TooLarge
            return message

        async def send_unless_too_large(message: Message) -> None:
            # The framework may catch _TooLarge while parsing and answer 400: the 413 wins.
            if not too_large:
                await send(message)

        with contextlib.suppress(_TooLarge):
            await self.app(scope, limited_receive, send_unless_too_large)
        if too_large:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            413, "Payload too large", f"Request bodies are limited to {self.max_bytes} bytes.",
            "payload-too-large",
        )
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


def _route_template(scope: Scope) -> str:
    route: Any = scope.get("route")
    return str(getattr(route, "path", "unmatched"))


def _trace_parent(scope: Scope) -> Context | None:
    return context_from(header_value(scope, b"traceparent"))


def header_value(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None
