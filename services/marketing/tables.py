"""Tables of the marketing service."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from shared.tables import BigId, UtcDateTime, backbone_tables

metadata = MetaData()
backbone = backbone_tables(metadata)

campaigns = Table(
    "campaigns", metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("channels", JSON, nullable=False),
    Column("starts_at", UtcDateTime(), nullable=False),
    Column("ends_at", UtcDateTime(), nullable=False),
    Column("landing_url", String(2000)),
    Column("uplift", Float, nullable=False),
    Column("auto_launch", Boolean, nullable=False),
    Column("auto_pause_on_stockout", Boolean, nullable=False),
    # The current launch request; answers carrying another request id are late and ignored.
    Column("request_id", String(36)),
    Column("requested_at", UtcDateTime()),
    Column("readiness", String(20)),
    Column("reasons", JSON, nullable=False),
    Column("forced", Boolean, nullable=False),
    Column("override_reason", String(1000)),
    Column("launched_at", UtcDateTime()),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)
Index("ix_campaigns_status_created", campaigns.c.status, campaigns.c.created_at, campaigns.c.id)
Index("ix_campaigns_created", campaigns.c.created_at, campaigns.c.id)

campaign_items = Table(
    "campaign_items", metadata,
    Column("campaign_id", String(36), ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    Column("sku", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("expected_units", Integer),
    Column("discount_pct", Float),
)
# The promotions hot path looks up a SKU's campaigns through this index.
Index("ix_campaign_items_sku", campaign_items.c.sku, campaign_items.c.campaign_id)

campaign_checks = Table(
    "campaign_checks", metadata,
    Column("campaign_id", String(36), ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    Column("request_id", String(36), primary_key=True),
    Column("source", String(20), primary_key=True),
    # ok | at_risk | insufficient | blocked (the answer's overall), or timed_out
    Column("status", String(20), nullable=False),
    Column("received_at", UtcDateTime(), nullable=False),
    Column("payload", JSON),
)

campaign_risks = Table(
    "campaign_risks", metadata,
    Column("campaign_id", String(36), ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    Column("cause", String(20), primary_key=True),
    # Other teams' values (SKUs, page URLs) are stored unbounded: their limits are not ours to enforce.
    Column("cause_key", Text, primary_key=True),
    Column("sku", Text),
    Column("reason", Text, nullable=False),
    Column("raised_at", UtcDateTime(), nullable=False),
)

campaign_timeline = Table(
    "campaign_timeline", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("campaign_id", String(36), ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    Column("occurred_at", UtcDateTime(), nullable=False),
    Column("kind", String(50), nullable=False),
    Column("source", String(20), nullable=False),
    Column("summary", Text, nullable=False),
    Column("details", JSON, nullable=False),
    Column("correlation_id", String(200)),
)
Index("ix_campaign_timeline_campaign", campaign_timeline.c.campaign_id, campaign_timeline.c.id)

campaign_advisories = Table(
    "campaign_advisories", metadata,
    Column("advisory_id", Text, primary_key=True),
    Column("campaign_id", String(36), ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    Column("kind", Text, nullable=False),
    Column("severity", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("received_at", UtcDateTime(), nullable=False),
)
Index("ix_campaign_advisories_campaign", campaign_advisories.c.campaign_id)

# Projections of other teams' facts, so a campaign going live learns what already went wrong.
depleted_skus = Table(
    "depleted_skus", metadata,
    Column("sku", Text, primary_key=True),
    Column("since", UtcDateTime(), nullable=False),
)

broken_pages = Table(
    "broken_pages", metadata,
    Column("url", Text, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("sku", Text),
    Column("issues", JSON, nullable=False),
    Column("since", UtcDateTime(), nullable=False),
)
Index("ix_broken_pages_sku", broken_pages.c.sku)
