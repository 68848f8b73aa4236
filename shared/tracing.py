"""W3C trace context (SPEC 15) with the OpenTelemetry SDK.

Every process has an SDK tracer provider, so a request or an event always has a trace id to hand
on: the unit of work stores the current `traceparent` with each outbox row, the relay sends it as
the Kafka header and CloudEvents attribute `traceparent`, and the consumer continues that trace
around the handlers. Spans are exported over OTLP only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (a setting);
only then are the standard instrumentations (FastAPI, SQLAlchemy, httpx) switched on, so that by
default reads pay nothing and writes one unexported span.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import Span, SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from sqlalchemy.ext.asyncio import AsyncEngine

_PROPAGATOR = TraceContextTextMapPropagator()
_TRACER_NAME = "shop.coordination"


def configure_tracing(service: str, otlp_endpoint: str) -> None:
    """Install this process's tracer provider once (the first service app built in it wins);
    with an OTLP endpoint, its spans are exported there."""
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        exporter = OTLPSpanExporter(endpoint=otlp_endpoint.rstrip("/") + "/v1/traces")
        provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)


def tracer() -> trace.Tracer:
    return trace.get_tracer(_TRACER_NAME)


def current_traceparent() -> str | None:
    """The `traceparent` of the current span, or None outside any trace."""
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier.get("traceparent")


def context_from(traceparent: str | None) -> Context | None:
    """The remote parent a `traceparent` names (None: a new trace starts)."""
    if not traceparent:
        return None
    return _PROPAGATOR.extract({"traceparent": traceparent})


def context_from_headers(headers: Mapping[str, str]) -> Context:
    return _PROPAGATOR.extract(dict(headers))


@contextmanager
def span(name: str, kind: SpanKind, parent: Context | None = None,
         attributes: Mapping[str, str] | None = None) -> Iterator[Span]:
    with tracer().start_as_current_span(name, context=parent, kind=kind,
                                        attributes=dict(attributes or {})) as current:
        yield current


def instrument(app: FastAPI, engine: AsyncEngine) -> None:
    """The standard instrumentations, for a process whose spans are exported."""
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz,metrics")
    SQLAlchemyInstrumentor().instrument(engine=engine.sync_engine)
    if not HTTPXClientInstrumentor().is_instrumented_by_opentelemetry:
        HTTPXClientInstrumentor().instrument()


__all__ = ["Context", "SpanKind", "configure_tracing", "context_from", "context_from_headers",
           "current_trace_id", "current_traceparent", "instrument", "span", "tracer"]


def current_trace_id() -> str | None:
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None
