"""Prometheus metrics (one registry per app) and logging with the correlation id."""

from __future__ import annotations

import logging

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from shared import context
from shared.tracing import current_trace_id


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.http_requests = Counter(
            "http_requests_total", "HTTP requests", ["method", "route", "status"], registry=r
        )
        self.http_latency = Histogram(
            "http_request_duration_seconds", "HTTP request latency", ["method", "route"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=r,
        )
        self.events_published = Counter(
            "events_published_total", "Events acknowledged by the broker", ["type"], registry=r
        )
        self.events_consumed = Counter(
            "events_consumed_total", "Events consumed", ["type", "outcome"], registry=r
        )
        self.outbox_backlog = Gauge("outbox_backlog", "Outbox rows not yet sent", registry=r)
        self.consumer_lag = Gauge(
            "consumer_lag", "Records behind the end of the partition", ["topic", "partition"],
            registry=r,
        )
        self.dead_letters = Counter(
            "dead_letters_total", "Messages sent to the dead-letter topic", ["type"], registry=r
        )


class CorrelationFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.correlation_id = context.correlation_id.get() or "-"
        record.trace_id = current_trace_id() or "-"
        return True


def configure_logging(service: str, level: str) -> None:
    """Log lines name the service and the correlation id; an already configured root is kept."""
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler()
    handler.addFilter(CorrelationFilter())
    handler.setFormatter(logging.Formatter(
        f"%(asctime)s %(levelname)s {service} %(name)s cid=%(correlation_id)s trace=%(trace_id)s %(message)s"
    ))
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
