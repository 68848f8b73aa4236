"""One trace per cross-team flow (SPEC 15), with every service as its own process exporting its
spans over OTLP to a receiver in this test."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import uvicorn
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.support.broker import free_port
from tests.support.events import EventProbe, eventually
from tests.support.processes import RunningStack
from tests.support.shop import Shop
from tests.support.stack import DemoSite, full_stack

pytestmark = pytest.mark.e2e
TOPICS = ["marketing.events", "inventory.events", "support.events", "content.events"]
TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
CLIENT_TRACE = f"00-{TRACE_ID}-b7ad6b7169203331-01"


class SpanReceiver:
    """An OTLP/HTTP trace receiver: keeps (trace id, span id, parent id, service, name) of each span."""

    def __init__(self) -> None:
        self.port = free_port()
        self.spans: list[tuple[str, str, str, str, str]] = []

    async def receive(self, request: Request) -> Response:
        export = ExportTraceServiceRequest()
        export.ParseFromString(await request.body())
        for resource_spans in export.resource_spans:
            service = next((a.value.string_value for a in resource_spans.resource.attributes
                            if a.key == "service.name"), "?")
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    self.spans.append((span.trace_id.hex(), span.span_id.hex(), span.parent_span_id.hex(),
                                       service, span.name))
        return Response(b"", media_type="application/x-protobuf")

    def of_trace(self, trace_id: str) -> list[tuple[str, str, str, str, str]]:
        return [s for s in self.spans if s[0] == trace_id]

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[SpanReceiver]:
        app = Starlette(routes=[Route("/v1/traces", self.receive, methods=["POST"])])
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        task = asyncio.create_task(server.serve())

        async def started() -> None:
            assert server.started

        await eventually(started, timeout=10, interval=0.05)
        try:
            yield self
        finally:
            server.should_exit = True
            await task


@pytest.fixture(scope="module")
async def receiver() -> AsyncIterator[SpanReceiver]:
    async with SpanReceiver().running() as running:
        yield running


@pytest.fixture(scope="module")
async def traced_system(postgres: None, receiver: SpanReceiver,
                        tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RunningStack]:
    exporting = {"OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{receiver.port}",
                 "OTEL_BSP_SCHEDULE_DELAY": "200"}
    async with full_stack(Path(tmp_path_factory.mktemp("trace-logs")), extra_env=exporting,
                          prefix="trc") as running:
        yield running


@pytest.fixture
def shop(traced_system: RunningStack, site: DemoSite) -> Shop:
    return Shop(traced_system, site.url)


def _trace_of(traceparent: str | None) -> str | None:
    return traceparent.split("-")[1] if traceparent else None


async def test_one_launch_request_is_one_trace_across_the_four_services(
    shop: Shop, traced_system: RunningStack, receiver: SpanReceiver
) -> None:
    sku = shop.sku("TRC")
    await shop.stock_item(sku, 100)
    await shop.page(f"/products/{sku}", "product", sku)
    campaign_id = await shop.campaign("Traced", [{"sku": sku, "expected_units": 10}],
                                      f"/campaigns/trc-{shop.run.lower()}")
    async with EventProbe(traced_system.bootstrap, traced_system.namespace, TOPICS) as events:
        response = await traced_system.call("marketing", "POST", f"/v1/campaigns/{campaign_id}/launch-request",
                                            "marketing")
        assert response.status_code == 202
        [requested] = await events.wait_for("marketing.campaign.launch_requested.v1",
                                            lambda e: e.subject == campaign_id)
        trace_id = _trace_of(requested.traceparent)
        assert trace_id is not None
        in_trace = {
            "inventory.campaign_check.completed.v1", "content.campaign_check.completed.v1",
            "marketing.campaign.readiness_changed.v1", "support.advisory.published.v1"}
        for event_type in sorted(in_trace):
            found = await events.wait_for(event_type, lambda e, t=trace_id: _trace_of(e.traceparent) == t,
                                          timeout=60)
            assert events.headers[found[0].id]["traceparent"].decode() == found[0].traceparent

    async def one_tree_over_four_services() -> None:
        spans = receiver.of_trace(trace_id)
        assert {service for *_, service, _ in spans} >= {"marketing", "inventory", "content", "support"}
        ids = {span_id for _, span_id, *_ in spans}
        roots = [span for span in spans if not span[2]]
        assert len(roots) == 1, roots
        orphans = [span for span in spans if span[2] and span[2] not in ids]
        assert not orphans, f"spans whose parent is not in the trace: {orphans[:5]}"

    await eventually(one_tree_over_four_services, timeout=30, interval=0.5)


async def test_a_return_loop_carries_the_client_trace_to_the_restock_and_back(
    shop: Shop, traced_system: RunningStack
) -> None:
    sku = shop.sku("TRR")
    await shop.stock_item(sku, 5)
    traced = {"headers": {"traceparent": CLIENT_TRACE}}
    async with EventProbe(traced_system.bootstrap, traced_system.namespace, TOPICS) as events:
        created = await shop.request_return({
            "order_ref": f"ORD-{shop.run}", "customer_ref": "C-9",
            "lines": [{"sku": sku, "qty": 1, "reason": "changed_mind"}]}, **traced)
        return_id = created["id"]
        await shop.ok("support", "POST", f"/v1/returns/{return_id}/approve", "support", **traced)
        await shop.receive_return(return_id, **traced)
        await shop.ok("support", "POST", f"/v1/returns/{return_id}/inspect", "support", json={
            "lines": [{"sku": sku, "qty": 1, "disposition": "resellable"}]}, **traced)
        for event_type in ("support.return.requested.v1", "support.return.inspected.v1",
                           "inventory.return.processed.v1"):
            [event] = await events.wait_for(event_type, lambda e: e.subject == return_id, timeout=60)
            assert _trace_of(event.traceparent) == TRACE_ID, event_type
        restocked = await events.wait_for("inventory.stock.changed.v1", lambda e: e.subject == sku
                                          and e.data["reason"] == "return_restock", timeout=60)
        assert _trace_of(restocked[0].traceparent) == TRACE_ID

    async def closed() -> None:
        found = await shop.ok("support", "GET", f"/v1/returns/{return_id}", "support")
        assert found["status"] == "restocked"

    await eventually(closed, timeout=60)
