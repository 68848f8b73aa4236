"""Tables of the board: its read model of the four topics, sign-in sessions, backbone health."""

from sqlalchemy import JSON, Boolean, Column, Float, Index, Integer, MetaData, String, Table, Text

from shared.tables import BigId, UtcDateTime, backbone_tables

metadata = MetaData()
backbone = backbone_tables(metadata)

sessions = Table(
    "sessions", metadata,
    Column("session_id", String(64), primary_key=True),
    Column("api_key", String(500), nullable=False),
    Column("role", String(32), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
)

# Every event of every topic, in the order the board applied them; `seq` drives the live stream.
feed = Table(
    "feed", metadata,
    Column("seq", BigId, primary_key=True, autoincrement=True),
    Column("event_id", String(200), nullable=False, unique=True),
    Column("event_type", String(200), nullable=False),
    Column("source", String(200), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("occurred_at", UtcDateTime(), nullable=False),
    Column("correlation_id", String(200)),
    Column("summary", String(500), nullable=False),
    Column("campaign_id", String(100)),
    Column("sku", String(64)),
)
Index("ix_feed_campaign_seq", feed.c.campaign_id, feed.c.seq)
Index("ix_feed_sku_seq", feed.c.sku, feed.c.seq)

campaigns = Table(
    "campaigns", metadata,
    Column("campaign_id", String(100), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("channels", JSON, nullable=False),
    Column("starts_at", UtcDateTime(), nullable=False),
    Column("ends_at", UtcDateTime(), nullable=False),
    Column("landing_url", String(2000)),
    Column("items", JSON, nullable=False),
    Column("request_id", String(100)),
    Column("status", String(20), nullable=False),
    Column("readiness", String(20), nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("forced", Boolean, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)
Index("ix_campaigns_status_starts", campaigns.c.status, campaigns.c.starts_at)

# The answer of each checking team (inventory, content) to a campaign's launch request.
campaign_checks = Table(
    "campaign_checks", metadata,
    Column("campaign_id", String(100), primary_key=True),
    Column("team", String(20), primary_key=True),
    Column("request_id", String(100), nullable=False),
    Column("overall", String(20), nullable=False),
    Column("result", JSON, nullable=False),
    Column("checked_at", UtcDateTime(), nullable=False),
)

sku_stock = Table(
    "sku_stock", metadata,
    Column("sku", String(64), primary_key=True),
    Column("total_available", Integer),
    Column("threshold", Integer),
    Column("state", String(16), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)
Index("ix_sku_stock_state", sku_stock.c.state, sku_stock.c.sku)

stock_points = Table(
    "stock_points", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("sku", String(64), nullable=False),
    Column("warehouse", String(32), nullable=False),
    Column("total_available", Integer, nullable=False),
    Column("occurred_at", UtcDateTime(), nullable=False),
)
Index("ix_stock_points_sku_id", stock_points.c.sku, stock_points.c.id)

pages = Table(
    "pages", metadata,
    Column("page_id", String(100), primary_key=True),
    Column("url", String(2000), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("sku", String(64)),
    Column("broken", Boolean, nullable=False),
    Column("issues", JSON, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)
Index("ix_pages_broken_updated", pages.c.broken, pages.c.updated_at)

advisories = Table(
    "advisories", metadata,
    Column("advisory_id", String(100), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("severity", String(20), nullable=False),
    Column("title", String(500), nullable=False),
    Column("campaign_id", String(100)),
    Column("skus", JSON, nullable=False),
    Column("published_at", UtcDateTime(), nullable=False, index=True),
    Column("valid_until", UtcDateTime()),  # None: until further notice
)

trends = Table(
    "trends", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),
    Column("topic", String(200), nullable=False),
    Column("sku", String(64)),
    Column("url", String(2000)),
    Column("occurrences", Integer, nullable=False),
    Column("window_days", Integer, nullable=False),
    Column("samples", JSON, nullable=False),
    Column("detected_at", UtcDateTime(), nullable=False, index=True),
)

returns = Table(
    "returns", metadata,
    Column("return_id", String(100), primary_key=True),
    Column("order_ref", String(100)),
    Column("status", String(20), nullable=False),
    Column("warehouse", String(32)),
    Column("lines", JSON, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False, index=True),
)

warehouses = Table(
    "warehouses", metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("country", String(2), nullable=False),
)

fulfilments = Table(
    "fulfilments", metadata,
    Column("fulfilment_id", String(100), primary_key=True),
    Column("order_ref", String(100), nullable=False),
    Column("warehouse", String(32)),
    Column("status", String(30), nullable=False),
    Column("carrier", String(100)),
    Column("tracking_url", String(2000)),
    Column("delayed", Boolean, nullable=False),
    Column("delay_reasons", JSON),  # the open delay reasons (codes); None or [] when on time
    Column("delayed_since", UtcDateTime()),
    Column("updated_at", UtcDateTime(), nullable=False),
)
Index("ix_fulfilments_delayed_since", fulfilments.c.delayed, fulfilments.c.delayed_since)

# The latest reading of each service's /readyz and /metrics.
backbone_health = Table(
    "backbone_health", metadata,
    Column("service", String(20), primary_key=True),
    Column("reachable", Boolean, nullable=False),
    Column("ready", Boolean, nullable=False),
    Column("database", String(20)),
    Column("broker", String(20)),
    Column("outbox_backlog", Integer),
    Column("consumer_partitions", Integer),
    Column("consumer_lag", Float),
    Column("dead_letters", Float),
    Column("error", Text),
    Column("read_at", UtcDateTime(), nullable=False),
)
