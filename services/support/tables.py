"""Tables of the support service."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from shared.tables import UtcDateTime, backbone_tables

metadata = MetaData()
backbone = backbone_tables(metadata)

tickets = Table(
    "tickets", metadata,
    Column("id", String(36), primary_key=True),
    # The only place customer references live: never copied into events or logs.
    Column("customer_ref", String(200), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("topic", String(100)),
    Column("sku", String(64)),
    Column("order_ref", String(100)),
    Column("campaign_id", String(36)),
    Column("page_url", String(2000)),
    Column("status", String(20), nullable=False),
    Column("priority", String(20), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)
Index("ix_tickets_created", tickets.c.created_at, tickets.c.id)
Index("ix_tickets_topic_sku", tickets.c.topic, tickets.c.sku, tickets.c.created_at)
Index("ix_tickets_order_ref", tickets.c.order_ref)

returns = Table(
    "returns", metadata,
    Column("id", String(36), primary_key=True),
    Column("order_ref", String(100), nullable=False),
    Column("customer_ref", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("warehouse", String(32)),
    Column("rejection_reason", String(500)),
    Column("attention_reasons", JSON, nullable=False, server_default="[]"),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)
Index("ix_returns_created", returns.c.created_at, returns.c.id)

return_lines = Table(
    "return_lines", metadata,
    Column("return_id", String(36), ForeignKey("returns.id", ondelete="CASCADE"), primary_key=True),
    Column("sku", String(64), primary_key=True),
    Column("reason", String(20), nullable=False),
    Column("requested_qty", Integer, nullable=False),
    Column("comment", String(500)),
    Column("resellable_qty", Integer),
    Column("damaged_qty", Integer),
    Column("restocked_qty", Integer),
    Column("written_off_qty", Integer),
)

advisories = Table(
    "advisories", metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("severity", String(10), nullable=False),
    Column("title", String(300), nullable=False),
    Column("summary", Text, nullable=False),
    Column("campaign_id", String(100)),
    Column("skus", JSON, nullable=False),
    Column("urls", JSON, nullable=False),
    Column("expected_extra_contacts", Integer),
    Column("valid_from", UtcDateTime(), nullable=False),
    Column("valid_until", UtcDateTime()),
    Column("revision", Integer, nullable=False),
    Column("acknowledged_at", UtcDateTime()),
    # "campaign:<id>" forever; "stock_risk:<sku>" and "content_issue:<page id>" only while open
    # (cleared when the advisory ends), so a later outage of the same SKU or page opens a new one.
    Column("dedup_key", String(300), unique=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)
Index("ix_advisories_created", advisories.c.created_at, advisories.c.id)
Index("ix_advisories_campaign", advisories.c.campaign_id)

# What support knows about campaigns, learned from marketing, inventory and content events.
campaigns = Table(
    "campaigns", metadata,
    Column("id", String(100), primary_key=True),
    Column("request_id", String(100)),
    Column("name", String(300), nullable=False),
    Column("channels", JSON, nullable=False),
    Column("items", JSON, nullable=False),
    Column("starts_at", UtcDateTime(), nullable=False),
    Column("ends_at", UtcDateTime(), nullable=False),
    Column("landing_url", String(2000)),
    Column("status", String(20), nullable=False),
    Column("readiness", String(20)),
    Column("readiness_reasons", JSON, nullable=False),
    Column("live_risks", JSON, nullable=False),
    Column("ended_at", UtcDateTime()),
    Column("updated_at", UtcDateTime(), nullable=False),
)

# Check answers by launch request. They travel on other topics than the launch request, so one
# may arrive first; the advisory is rebuilt from the answers to the campaign's current request.
campaign_checks = Table(
    "campaign_checks", metadata,
    Column("campaign_id", String(100), primary_key=True),
    Column("source", String(20), primary_key=True),
    Column("request_id", String(100), primary_key=True),
    Column("result", JSON, nullable=False),
    Column("received_at", UtcDateTime(), nullable=False),
)

# SKUs inventory reported sold out and not yet replenished: a campaign going live over one of
# them warns support at once, whichever of the two events arrives first.
depleted_skus = Table(
    "depleted_skus", metadata,
    Column("sku", String(64), primary_key=True),
    Column("depleted_at", UtcDateTime(), nullable=False),
)

# One row per (topic, SKU or page URL): the lock that serialises trend counting for that key
# and the start of the last window a trend was emitted for.
trend_windows = Table(
    "trend_windows", metadata,
    Column("key", String(64), primary_key=True),  # sha256 of topic and target
    Column("topic", String(100), nullable=False),
    Column("sku", String(64)),
    Column("url", String(2000)),
    Column("window_start", UtcDateTime()),
    Column("emitted_at", UtcDateTime()),
)

# The order view, learned from inventory's fulfilment events (support never asks inventory):
# the order's latest known shipment state, its delay reasons and its journey.
orders = Table(
    "orders", metadata,
    Column("order_ref", String(100), primary_key=True),
    Column("fulfilment_id", String(36), nullable=False),
    Column("warehouse", String(32), nullable=False),
    Column("status", String(20), nullable=False),
    Column("carrier", String(100)),
    Column("tracking_number", String(100)),
    Column("tracking_url", String(2000)),
    Column("ship_by", UtcDateTime(), nullable=False),
    Column("deliver_by", UtcDateTime()),
    Column("status_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

# One row per (fulfilment, delay reason); `active` until inventory clears it. Delay clusters
# count the active rows of one warehouse or carrier.
fulfilment_delays = Table(
    "fulfilment_delays", metadata,
    Column("fulfilment_id", String(36), primary_key=True),
    Column("reason", String(30), primary_key=True),
    Column("order_ref", String(100), nullable=False),
    Column("warehouse", String(32), nullable=False),
    Column("carrier", String(100)),
    Column("since", UtcDateTime(), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("cleared_at", UtcDateTime()),
)
Index("ix_fulfilment_delays_order", fulfilment_delays.c.order_ref)
Index("ix_fulfilment_delays_warehouse", fulfilment_delays.c.warehouse, fulfilment_delays.c.active)
Index("ix_fulfilment_delays_carrier", fulfilment_delays.c.carrier, fulfilment_delays.c.active)

# What happened to an order's shipments, in the words an agent reads; tickets and returns join
# the journey from their own tables.
order_journey = Table(
    "order_journey", metadata,
    Column("id", String(36), primary_key=True),
    Column("order_ref", String(100), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("what", String(500), nullable=False),
)
Index("ix_order_journey_order", order_journey.c.order_ref, order_journey.c.at)

# Warehouses and SKUs inventory has announced: returns name only these.
known_warehouses = Table(
    "known_warehouses", metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(300)),  # unknown while only a stock movement named the warehouse
    Column("country", String(10)),
    Column("learned_at", UtcDateTime(), nullable=False),
)

known_skus = Table(
    "known_skus", metadata,
    Column("sku", String(64), primary_key=True),
    Column("learned_at", UtcDateTime(), nullable=False),
)

# The open return of each (order, SKU): the primary key refuses a second one, also under races.
open_return_lines = Table(
    "open_return_lines", metadata,
    Column("order_ref", String(100), primary_key=True),
    Column("sku", String(64), primary_key=True),
    Column("return_id", String(36), ForeignKey("returns.id", ondelete="CASCADE"), nullable=False),
)

# Goods the carrier damaged, per shipment and SKU: counted as `damaged` return lines in trends.
transit_damages = Table(
    "transit_damages", metadata,
    Column("fulfilment_id", String(36), primary_key=True),
    Column("sku", String(64), primary_key=True),
    Column("qty", Integer, nullable=False),
    Column("occurred_at", UtcDateTime(), nullable=False),
)
Index("ix_transit_damages_sku", transit_damages.c.sku, transit_damages.c.occurred_at)

# One row per (SKU, reason): the lock that serialises return trend counting and the start of
# the last window a trend was emitted for.
return_trend_windows = Table(
    "return_trend_windows", metadata,
    Column("sku", String(64), primary_key=True),
    Column("reason", String(20), primary_key=True),
    Column("window_start", UtcDateTime()),
    Column("emitted_at", UtcDateTime()),
)
