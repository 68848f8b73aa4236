"""Tables of the inventory service."""

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    text,
)

from shared.tables import UtcDateTime, backbone_tables

BigId = BigInteger().with_variant(Integer, "sqlite")

metadata = MetaData()
backbone = backbone_tables(metadata)

warehouses = Table(
    "warehouses", metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("country", String(2), nullable=False),
)

# `stock_state` is the side of the threshold lines the SKU's total available was last seen on
# (above | low | depleted), so that a crossing event fires once per crossing.
items = Table(
    "items", metadata,
    Column("sku", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("low_stock_threshold", Integer, nullable=False),
    Column("safety_stock", Integer, nullable=False),
    Column("stock_state", String(16), nullable=False),
    CheckConstraint("low_stock_threshold >= 0", name="ck_items_threshold"),
    CheckConstraint("safety_stock >= 0", name="ck_items_safety_stock"),
)

stock_levels = Table(
    "stock_levels", metadata,
    Column("sku", String(64), ForeignKey("items.sku"), primary_key=True),
    Column("warehouse", String(32), ForeignKey("warehouses.code"), primary_key=True),
    Column("on_hand", Integer, nullable=False),
    Column("reserved", Integer, nullable=False),
    CheckConstraint("on_hand >= 0", name="ck_stock_on_hand"),
    CheckConstraint("reserved >= 0", name="ck_stock_reserved"),
    CheckConstraint("reserved <= on_hand", name="ck_stock_reserved_le_on_hand"),
)

movements = Table(
    "movements", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("sku", String(64), ForeignKey("items.sku"), nullable=False),
    Column("warehouse", String(32), ForeignKey("warehouses.code"), nullable=False),
    Column("delta", Integer, nullable=False),
    Column("reason", String(32), nullable=False),
    Column("reference", String(200)),
    Column("on_hand_after", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)
Index("ix_movements_sku_id", movements.c.sku, movements.c.id)
Index("ix_movements_sku_reason_created", movements.c.sku, movements.c.reason, movements.c.created_at)

reservations = Table(
    "reservations", metadata,
    Column("id", String(36), primary_key=True),
    Column("order_ref", String(100), nullable=False, unique=True),
    Column("status", String(16), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("closed_at", UtcDateTime()),
)
Index("ix_reservations_status_expires", reservations.c.status, reservations.c.expires_at)

reservation_lines = Table(
    "reservation_lines", metadata,
    Column("reservation_id", String(36), ForeignKey("reservations.id"), primary_key=True),
    Column("sku", String(64), primary_key=True),
    Column("warehouse", String(32), primary_key=True),
    Column("qty", Integer, nullable=False),
    CheckConstraint("qty > 0", name="ck_reservation_lines_qty"),
)
Index("ix_reservation_lines_sku", reservation_lines.c.sku, reservation_lines.c.warehouse)

# What inventory knows of marketing's campaigns, for competing demand; `items` maps SKU to
# expected units (null when marketing gave no figure).
campaigns = Table(
    "campaigns", metadata,
    Column("campaign_id", String(100), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("starts_at", UtcDateTime(), nullable=False),
    Column("ends_at", UtcDateTime(), nullable=False),
    Column("items", JSON, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

campaign_checks = Table(
    "campaign_checks", metadata,
    Column("campaign_id", String(100), primary_key=True),
    Column("request_id", String(100), nullable=False),
    Column("result", JSON, nullable=False),
    Column("checked_at", UtcDateTime(), nullable=False),
)

processed_returns = Table(
    "processed_returns", metadata,
    Column("return_id", String(100), primary_key=True),
    Column("warehouse", String(32), nullable=False),
    Column("lines", JSON, nullable=False),
    Column("processed_at", UtcDateTime(), nullable=False),
)

# Inspections inventory could not apply (unknown warehouse or SKU), one row per inspection event:
# a refused return is not processed, so a later corrected inspection of it still is.
return_refusals = Table(
    "return_refusals", metadata,
    Column("event_id", String(100), primary_key=True),
    Column("return_id", String(100), nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("refused_at", UtcDateTime(), nullable=False),
)

# One fulfilment per reservation (shipping commits the whole reservation). `latest_scan_at` is
# the `occurred_at` of the latest carrier scan, which decides the status; `exception_at` is when
# the warehouse last recorded an exception by hand (older scans do not undo it).
fulfilments = Table(
    "fulfilments", metadata,
    Column("id", String(36), primary_key=True),
    Column("order_ref", String(100), nullable=False),
    Column("reservation_id", String(36), ForeignKey("reservations.id"), nullable=False, unique=True),
    Column("warehouse", String(32), nullable=False),
    Column("status", String(20), nullable=False),
    Column("service_level", String(16), nullable=False),
    Column("ship_by", UtcDateTime(), nullable=False),
    Column("deliver_by", UtcDateTime()),
    Column("packages", Integer),
    Column("carrier", String(100)),
    Column("tracking_number", String(100)),
    Column("tracking_url", String(2000)),
    Column("exception_kind", String(32)),
    Column("exception_detail", String(500)),
    Column("exception_at", UtcDateTime()),
    Column("cancel_reason", String(500)),
    Column("shipped_at", UtcDateTime()),
    Column("delivered_at", UtcDateTime()),
    Column("latest_scan_at", UtcDateTime()),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    UniqueConstraint("carrier", "tracking_number", name="uq_fulfilments_tracking"),
)
Index("ix_fulfilments_order_ref", fulfilments.c.order_ref)
Index("ix_fulfilments_status_created", fulfilments.c.status, fulfilments.c.created_at)

# Every carrier scan received, once per (carrier, event_id), also those that changed nothing.
carrier_scans = Table(
    "carrier_scans", metadata,
    Column("carrier", String(100), primary_key=True),
    Column("event_id", String(200), primary_key=True),
    Column("fulfilment_id", String(36), ForeignKey("fulfilments.id"), nullable=False),
    Column("tracking_number", String(100), nullable=False),
    Column("status", String(24), nullable=False),
    Column("occurred_at", UtcDateTime(), nullable=False),
    Column("detail", String(500)),
    Column("received_at", UtcDateTime(), nullable=False),
)
Index("ix_carrier_scans_fulfilment", carrier_scans.c.fulfilment_id, carrier_scans.c.occurred_at)

# The open delay reasons of each fulfilment: a reason fires when its row is inserted and clears
# when the row is deleted, so it fires once while it lasts.
fulfilment_delays = Table(
    "fulfilment_delays", metadata,
    Column("fulfilment_id", String(36), ForeignKey("fulfilments.id"), primary_key=True),
    Column("reason", String(32), primary_key=True),
    Column("since", UtcDateTime(), nullable=False),
)

# Quality alerts from support's return trends; at most one unresolved alert per (kind, SKU).
quality_alerts = Table(
    "quality_alerts", metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("return_reason", String(32), nullable=False),
    Column("line_count", Integer, nullable=False),
    Column("window_days", Integer, nullable=False),
    Column("trend_count", Integer, nullable=False),
    Column("sample_comments", JSON, nullable=False),
    Column("note", String(1000)),
    Column("first_trend_at", UtcDateTime(), nullable=False),
    Column("last_trend_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)
Index("uq_quality_alerts_unresolved", quality_alerts.c.kind, quality_alerts.c.sku, unique=True,
      postgresql_where=text("status <> 'resolved'"), sqlite_where=text("status <> 'resolved'"))
Index("ix_quality_alerts_status_id", quality_alerts.c.status, quality_alerts.c.id)
