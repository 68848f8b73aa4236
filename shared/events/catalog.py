"""The event catalog (SPEC 4.4): every type, its topic, payload model and an example.

Producers validate what they publish against it, consumers what they receive; the
AsyncAPI documents and docs/events.md are generated from it.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Any

from shared.events.examples import EXAMPLES
from shared.events.payloads import content, inventory, marketing, support
from shared.events.payloads.base import Payload


@dataclass(frozen=True)
class EventSpec:
    type: str
    topic: str
    model: builtins.type[Payload]
    subject: str
    summary: str

    @property
    def example(self) -> dict[str, Any]:
        return EXAMPLES[self.type]


def _specs(topic: str, subject: str, rows: list[tuple[str, type[Payload], str]]) -> list[EventSpec]:
    return [EventSpec(name, topic, model, subject, summary) for name, model, summary in rows]


_ALL = [
    *_specs("marketing.events", "campaign id", [
        ("marketing.campaign.launch_requested.v1", marketing.LaunchRequested,
         "Marketing asked to launch a campaign; inventory and content check it."),
        ("marketing.campaign.readiness_changed.v1", marketing.ReadinessChanged,
         "The readiness verdict of a launch request changed."),
        ("marketing.campaign.launched.v1", marketing.Launched,
         "A campaign went live (forced when launched over a blocked verdict)."),
        ("marketing.campaign.scheduled.v1", marketing.Scheduled,
         "A launch was approved before `starts_at`; the campaign goes live by itself then."),
        ("marketing.campaign.paused.v1", marketing.PausedOrResumed, "A live campaign was paused."),
        ("marketing.campaign.resumed.v1", marketing.PausedOrResumed, "A paused campaign resumed."),
        ("marketing.campaign.at_risk.v1", marketing.AtRisk, "A live campaign became risky."),
        ("marketing.campaign.risk_cleared.v1", marketing.RiskCleared,
         "A risk of a live campaign went away; `reasons` lists those that remain."),
        ("marketing.campaign.ended.v1", marketing.EndedOrCancelled, "A campaign ended."),
        ("marketing.campaign.cancelled.v1", marketing.EndedOrCancelled,
         "A campaign was cancelled before it ended."),
    ]),
    *_specs("inventory.events", "SKU, campaign id (checks), return id, warehouse code or order_ref "
            "(fulfilments)", [
        ("inventory.stock.changed.v1", inventory.StockChanged,
         "A stock movement changed a SKU's level in a warehouse."),
        ("inventory.stock.low.v1", inventory.StockLow,
         "A SKU's total available fell to its low-stock threshold or below."),
        ("inventory.stock.depleted.v1", inventory.StockDepleted,
         "A SKU's total available reached zero."),
        ("inventory.stock.replenished.v1", inventory.StockReplenished,
         "A SKU's total available rose back above its threshold."),
        ("inventory.campaign_check.completed.v1", inventory.CampaignCheckCompleted,
         "Inventory's stock coverage verdict for a campaign launch request."),
        ("inventory.return.processed.v1", inventory.ReturnProcessed,
         "Inspected return lines were restocked or written off."),
        ("inventory.return.refused.v1", inventory.ReturnRefused,
         "Inventory cannot apply an inspection (e.g. an unknown warehouse or SKU); support flags it."),
        ("inventory.warehouse.changed.v1", inventory.WarehouseChanged,
         "A warehouse was created or changed, so other teams know the warehouses."),
        ("inventory.fulfilment.status_changed.v1", inventory.FulfilmentStatusChanged,
         "An order shipment moved on: picked, packed, shipped, a carrier scan, delivered, ..."),
        ("inventory.fulfilment.delayed.v1", inventory.FulfilmentDelayed,
         "A shipment is late: not shipped in time, no carrier scan, late delivery or an exception."),
        ("inventory.fulfilment.delay_cleared.v1", inventory.FulfilmentDelayCleared,
         "A delay of a shipment was resolved (shipped, scanned, delivered)."),
    ]),
    *_specs("support.events", "ticket, return or advisory id; topic and SKU for trends", [
        ("support.ticket.opened.v1", support.TicketOpened,
         "A customer contact was recorded (no customer data)."),
        ("support.return.requested.v1", support.ReturnRequested, "A customer asked to return goods."),
        ("support.return.inspected.v1", support.ReturnInspected,
         "Returned goods were inspected: resellable or damaged."),
        ("support.advisory.published.v1", support.AdvisoryPublished,
         "An advisory for support agents was created, raised in severity, or ended (past `valid_until`)."),
        ("support.feedback.trend_detected.v1", support.TrendDetected,
         "Many recent tickets share a topic and a SKU or page."),
        ("support.return.trend_detected.v1", support.ReturnTrendDetected,
         "Many recent returned lines of one SKU share a reason (damaged, wrong item, not as described)."),
    ]),
    *_specs("content.events", "page id or campaign id (checks)", [
        ("content.page.broken.v1", content.PageBroken, "A page turned broken."),
        ("content.page.restored.v1", content.PageRestored, "A broken page works again."),
        ("content.campaign_check.completed.v1", content.CampaignCheckCompleted,
         "Content's page health verdict for a campaign launch request."),
    ]),
]

CATALOG: dict[str, EventSpec] = {spec.type: spec for spec in _ALL}
TOPICS: tuple[str, ...] = tuple(dict.fromkeys(spec.topic for spec in _ALL))


def spec_for(event_type: str) -> EventSpec:
    return CATALOG[event_type]


def topic_of(event_type: str) -> str:
    return CATALOG[event_type].topic


def service_topic(service: str) -> str:
    return f"{service}.events"
