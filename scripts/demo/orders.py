"""Steps 7 and 8: orders leave the warehouse, one stalls and support hears of it before the customer
writes; damaged returns reach the team that packs the parcels."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from scripts.demo import output
from scripts.demo.api import DemoFailed, Services
from scripts.demo.scene import Scenario

CARRIER = "DHL"
DAMAGED_RETURNS = 5
DAMAGE_COMMENTS = (
    "The box arrived crushed and the jacket's zip is broken.",
    "Torn at the seam, the parcel was soaked.",
    "Packaging ripped open, jacket stained.",
    "Crushed corner, the jacket has a hole.",
    "Arrived damaged: the bag inside was split.",
)


async def ship_orders(services: Services, scenario: Scenario) -> None:
    product = scenario.products[0]
    output.step(7, "Orders leave the warehouse, and one stalls", "Each order becomes a fulfilment: picked, "
                "packed, shipped (which commits its reservation), then followed by the carrier's scans. "
                "Inventory's delay sweep flags an order that misses its ship-by time, and support hears "
                "of it as an event, before the customer writes.")
    now = datetime.now(UTC)
    on_time = await _order(services, scenario, "A", product.sku, now + timedelta(hours=4))
    delivered = await _order(services, scenario, "B", product.sku, now + timedelta(hours=4))
    stalled = await _order(services, scenario, "C", product.sku, now + timedelta(seconds=2))
    for fulfilment in (on_time, delivered):
        await _pick_pack_ship(services, fulfilment)
    await _scan(services, on_time, "in_transit", "Parcel centre Hamburg")
    await _scan(services, delivered, "delivered", "Handed to the customer")
    output.team("Warehouse", f"Three orders of {product.sku}:")
    rows = []
    for fulfilment in (on_time, delivered, stalled):
        current = await _fulfilment(services, fulfilment)
        status = current["status"].replace("_", " ")
        rows.append((current["order_ref"], status, output.moment(current["ship_by"])))
    output.table(["order", "status", "ship by"], rows)

    view = await services.until(f"support to see {stalled['order_ref']} delayed",
                                lambda: _order_view_if(services, stalled["order_ref"], delayed=True))
    reasons = ", ".join(_words(view["delay_reasons"]))
    output.team("Support", f"Order {view['order_ref']} reads DELAYED ({reasons}) at "
                f"{output.clock(datetime.now(UTC).isoformat())}; no customer has written yet. Its journey:")
    for step in view["journey"]:
        output.say(f"{output.clock(step['at'])}  {step['source']:<9}  {step['what']}", indent=4, hanging=21)

    await _wismo(services, scenario, on_time, "Where is my trail shoe?")
    await _wismo(services, scenario, stalled, "My order has not shipped yet")

    await _pick_pack_ship(services, stalled)
    cleared = await services.until(f"the delay of {stalled['order_ref']} to clear",
                                   lambda: _order_view_if(services, stalled["order_ref"], delayed=False))
    output.team("Warehouse", f"{stalled['order_ref']} ships after all; support's order view now reads "
                f"“{cleared['status'].replace('_', ' ')}”, no longer delayed.")


async def damaged_returns(services: Services, scenario: Scenario) -> None:
    product = scenario.broken
    output.step(8, "Damaged returns reach the packaging team", "Support records why customers send things "
                "back. When several returns of one product give the same reason, the team that can fix "
                "it hears of it: damaged parcels become a packaging alert for the warehouse.")
    for number, comment in enumerate(DAMAGE_COMMENTS[:DAMAGED_RETURNS], start=1):
        await services.call("support", "POST", "/v1/returns", "support", json={
            "order_ref": f"ORDER-{scenario.run}-R{number}", "customer_ref": f"CUST-{scenario.run}-R{number}",
            "lines": [{"sku": product.sku, "qty": 1, "reason": "damaged", "comment": comment}],
        })
    output.team("Support", f"{DAMAGED_RETURNS} customers return a damaged {product.name.lower()} "
                f"({product.sku}).")

    async def alert() -> dict[str, Any] | None:
        found = await services.call("inventory", "GET", "/v1/quality-alerts", "inventory",
                                    params={"kind": "packaging", "status": "open"})
        return next((a for a in found["items"] if a["sku"] == product.sku), None)

    raised = await services.until(f"inventory's packaging alert for {product.sku}", alert)
    output.team("Inventory", f"Quality alert: {raised['kind']} of {raised['sku']}, {raised['line_count']} "
                f"damaged returns within {raised['window_days']} days. What customers said:")
    output.bullets([f"“{comment}”" for comment in raised["sample_comments"][:3]])


async def _order(
    services: Services, scenario: Scenario, name: str, sku: str, ship_by: datetime
) -> dict[str, Any]:
    order_ref = f"ORDER-{scenario.run}-{name}"
    reservation = await services.call("inventory", "POST", "/v1/reservations", "storefront", json={
        "order_ref": order_ref, "lines": [{"sku": sku, "qty": 1}], "ttl_seconds": 3600,
    })
    fulfilment: dict[str, Any] = await services.call("inventory", "POST", "/v1/fulfilments", "storefront",
                                                     json={
        "order_ref": order_ref, "reservation_id": reservation["id"], "ship_by": ship_by.isoformat(),
        "deliver_by": (ship_by + timedelta(days=2)).isoformat(),
    })
    return fulfilment


async def _pick_pack_ship(services: Services, fulfilment: dict[str, Any]) -> None:
    path = f"/v1/fulfilments/{fulfilment['id']}"
    await services.call("inventory", "POST", f"{path}/pick", "inventory")
    await services.call("inventory", "POST", f"{path}/pack", "inventory", json={"packages": 1})
    tracking = f"JD{fulfilment['order_ref'].replace('-', '')}"
    await services.call("inventory", "POST", f"{path}/ship", "inventory", json={
        "carrier": CARRIER, "tracking_number": tracking,
        "tracking_url": f"https://tracking.example/{tracking}",
    })
    fulfilment["tracking_number"] = tracking


async def _scan(services: Services, fulfilment: dict[str, Any], status: str, detail: str) -> None:
    await services.call("inventory", "POST", "/v1/carrier-events", "inventory", json={
        "carrier": CARRIER, "event_id": f"{fulfilment['tracking_number']}-{status}",
        "tracking_number": fulfilment["tracking_number"], "status": status,
        "occurred_at": datetime.now(UTC).isoformat(), "detail": detail,
    })


async def _fulfilment(services: Services, fulfilment: dict[str, Any]) -> dict[str, Any]:
    current: dict[str, Any] = await services.call("inventory", "GET", f"/v1/fulfilments/{fulfilment['id']}",
                                                  "inventory")
    return current


async def _order_view_if(services: Services, order_ref: str, delayed: bool) -> dict[str, Any] | None:
    try:
        view: dict[str, Any] = await services.call("support", "GET", f"/v1/orders/{order_ref}", "support")
    except DemoFailed:  # not known to support yet (404): its events are still on their way
        await asyncio.sleep(0.3)
        return None
    return view if view["delayed"] is delayed else None


async def _wismo(services: Services, scenario: Scenario, fulfilment: dict[str, Any], subject: str) -> None:
    ticket = await services.call("support", "POST", "/v1/tickets", "support", json={
        "customer_ref": f"CUST-{fulfilment['order_ref']}", "channel": "chat", "subject": subject,
        "body": "Hello, when will my order arrive?", "topic": "order_status",
        "order_ref": fulfilment["order_ref"],
    })
    order = ticket.get("order") or {}
    state = "delayed" if order.get("delayed") else "on time"
    output.team("Support", f"A customer asks about {fulfilment['order_ref']} ({state}): ticket priority "
                f"{ticket['priority'].upper()}.")
    if ticket.get("suggested_reply"):
        output.note(f"Suggested reply: {ticket['suggested_reply']}")


def _words(codes: list[str]) -> list[str]:
    return [code.replace("_", " ") for code in codes]
