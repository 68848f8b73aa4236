"""What the pages show follows the events: campaign status, advisories in force, open delays."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from services.board.service import views
from tests.integration.board.conftest import sign_in
from tests.support.events import eventually, publish

NOW = datetime.now(UTC)


def _status(page: str) -> str:
    found = re.search(r'data-testid="status">([^<]*)<', page)
    assert found, "the page shows no status"
    return found.group(1)


async def _launch_requested(broker, namespace, campaign_id: str, request_id: str, **extra) -> None:
    await publish(broker.bootstrap, namespace, "marketing.campaign.launch_requested.v1", campaign_id, {
        "campaign_id": campaign_id, "request_id": request_id, "name": f"Sale {campaign_id[-4:]}",
        "channels": ["email"], "starts_at": (NOW + timedelta(days=2)).isoformat(),
        "ends_at": (NOW + timedelta(days=9)).isoformat(), "landing_url": None, "uplift": 1.5,
        "items": [{"sku": "SKU-P", "expected_units": 10}], **extra})


async def test_the_status_follows_the_verdict_before_launch_and_scheduled_is_a_status_of_its_own(
    start_service, broker, namespace,
):
    board = await start_service("board")
    await sign_in(board.client, "dev-marketing")
    campaign_id = "c0ffee00-0000-4000-8000-00000000a001"
    await _launch_requested(broker, namespace, campaign_id, "r-1")

    async def shows(status: str) -> None:
        assert _status((await board.client.get(f"/campaigns/{campaign_id}")).text) == status

    await eventually(lambda: shows("checking"))
    page = (await board.client.get(f"/campaigns/{campaign_id}")).text
    assert '<button type="submit">Launch</button>' not in page, "no verdict yet: nothing to launch"
    verdict = {"campaign_id": campaign_id, "request_id": "r-1", "readiness": "blocked",
               "reasons": ["SKU-P: stock covers only 40%"]}
    await publish(broker.bootstrap, namespace, "marketing.campaign.readiness_changed.v1", campaign_id, verdict)
    await eventually(lambda: shows("blocked"))
    # a verdict on an older launch request changes nothing
    await _launch_requested(broker, namespace, campaign_id, "r-2")
    await eventually(lambda: shows("checking"))
    await publish(broker.bootstrap, namespace, "marketing.campaign.readiness_changed.v1", campaign_id,
                  {**verdict, "readiness": "ready", "reasons": []})
    await publish(broker.bootstrap, namespace, "marketing.campaign.readiness_changed.v1", campaign_id,
                  {**verdict, "request_id": "r-2", "readiness": "at_risk", "reasons": ["content check timed out"]})
    await eventually(lambda: shows("at risk"))
    page = (await board.client.get(f"/campaigns/{campaign_id}")).text
    for button in ("Request launch", "Launch", "Cancel"):
        assert f'<button type="submit">{button}</button>' in page
    for button in ("Pause", "Resume", "End"):
        assert f'<button type="submit">{button}</button>' not in page
    await publish(broker.bootstrap, namespace, "marketing.campaign.scheduled.v1", campaign_id, {
        "campaign_id": campaign_id, "name": "Sale a001", "skus": ["SKU-P"], "forced": False,
        "starts_at": (NOW + timedelta(days=2)).isoformat(), "ends_at": (NOW + timedelta(days=9)).isoformat()})
    await eventually(lambda: shows("scheduled"))
    page = (await board.client.get(f"/campaigns/{campaign_id}")).text
    assert re.search(r"approved, goes live <time datetime=\"[^\"]+\">\d+ \w+ \d\d:\d\d UTC \(in [12] days?\)</time>", page), page
    assert '<button type="submit">Cancel</button>' in page and '<button type="submit">Launch</button>' not in page
    overview = (await board.client.get("/")).text
    assert 'class="status status-scheduled">scheduled<' in overview


async def _advisory(broker, namespace, advisory_id: str, kind: str, **extra) -> None:
    await publish(broker.bootstrap, namespace, "support.advisory.published.v1", advisory_id, {
        "advisory_id": advisory_id, "kind": kind, "severity": "warning", "title": f"Advisory {advisory_id}",
        "campaign_id": None, "skus": [], **extra})


async def test_ended_advisories_and_cleared_delays_leave_the_overview(start_service, broker, namespace):
    board = await start_service("board")
    await sign_in(board.client, "dev-admin")
    campaign_id = "c0ffee00-0000-4000-8000-00000000a002"
    await _launch_requested(broker, namespace, campaign_id, "r-1")
    await _advisory(broker, namespace, "adv-campaign", "campaign_launch", campaign_id=campaign_id)
    await _advisory(broker, namespace, "adv-stock", "stock_risk", skus=["SKU-P"])
    await _advisory(broker, namespace, "adv-page", "content_issue", skus=["SKU-Q"])
    await _advisory(broker, namespace, "adv-past", "delivery_delay",
                    valid_until=(NOW - timedelta(minutes=5)).isoformat())
    await _advisory(broker, namespace, "adv-later", "delivery_delay",
                    valid_until=(NOW + timedelta(hours=5)).isoformat())
    for reason in ("not_shipped_in_time", "late_delivery"):
        await publish(broker.bootstrap, namespace, "inventory.fulfilment.delayed.v1", "ORD-1", {
            "fulfilment_id": "f-1", "order_ref": "ORD-1", "warehouse": "BER-1", "carrier": None,
            "reason": reason, "since": (NOW - timedelta(hours=3)).isoformat()})

    async def overview(*expected: str, absent: tuple[str, ...] = ()) -> str:
        page = (await board.client.get("/")).text
        for text in expected:
            assert text in page, text
        for text in absent:
            assert text not in page, text
        return page

    in_force = ('data-advisory-id="adv-campaign"', 'data-advisory-id="adv-stock"', 'data-advisory-id="adv-page"',
                'data-advisory-id="adv-later"', 'data-fulfilment-id="f-1"', "Late delivery, Not shipped in time")
    await eventually(lambda: overview(*in_force, absent=('data-advisory-id="adv-past"',)))
    page = await overview(*in_force)
    assert "Late delivery, Not shipped in time" in page, "the reasons in words"
    await publish(broker.bootstrap, namespace, "inventory.stock.replenished.v1", "SKU-P",
                  {"sku": "SKU-P", "total_available": 40, "threshold": 5})
    await publish(broker.bootstrap, namespace, "content.page.restored.v1", "page-q", {
        "page_id": "page-q", "url": "https://shop.example/p/q", "kind": "product", "sku": "SKU-Q"})
    await publish(broker.bootstrap, namespace, "marketing.campaign.cancelled.v1", campaign_id,
                  {"campaign_id": campaign_id, "skus": ["SKU-P"]})
    await publish(broker.bootstrap, namespace, "inventory.fulfilment.delay_cleared.v1", "ORD-1",
                  {"fulfilment_id": "f-1", "order_ref": "ORD-1", "reason": "not_shipped_in_time"})
    await eventually(lambda: overview('data-advisory-id="adv-later"', 'data-fulfilment-id="f-1"', absent=(
        'data-advisory-id="adv-campaign"', 'data-advisory-id="adv-stock"', 'data-advisory-id="adv-page"')))
    page = await overview("Late delivery")
    assert "Not shipped in time" not in page, "the cleared reason is gone, the other one stays"
    await publish(broker.bootstrap, namespace, "inventory.fulfilment.delay_cleared.v1", "ORD-1",
                  {"fulfilment_id": "f-1", "order_ref": "ORD-1", "reason": "late_delivery"})
    await eventually(lambda: overview("No delayed deliveries", absent=('data-fulfilment-id="f-1"',)))


async def test_the_stock_levels_of_every_sku_come_from_one_query(start_service, broker, namespace):
    board = await start_service("board")
    for sku, levels in (("SKU-A", [5, 4, 3]), ("SKU-B", [9]), ("SKU-C", list(range(40)))):
        for level in levels:
            await publish(broker.bootstrap, namespace, "inventory.stock.changed.v1", sku, {
                "sku": sku, "warehouse": "BER-1", "delta": -1, "reason": "sale", "on_hand": level,
                "reserved": 0, "available": level, "total_available": level})

    async def all_read() -> None:
        uow = board.backbone.uow(read_only=True)
        async with uow:
            shown = {s.stock.sku: s.stock.levels for s in (await views.warehouse_page(uow)).sparklines}
        assert shown == {"SKU-A": [5, 4, 3], "SKU-B": [9], "SKU-C": list(range(10, 40))}

    await eventually(all_read, timeout=30)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    engine = board.backbone.engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        await all_read()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len([s for s in statements if "stock_points" in s]) == 1, statements
