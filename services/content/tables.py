"""Tables of the content service."""

from sqlalchemy import JSON, Boolean, Column, Index, Integer, MetaData, String, Table

from shared.tables import UtcDateTime, backbone_tables

metadata = MetaData()
backbone = backbone_tables(metadata)

URL_LENGTH = 2048

pages = Table(
    "pages", metadata,
    Column("id", String(36), primary_key=True),
    Column("url", String(URL_LENGTH), nullable=False, unique=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("sku", String(64), index=True),
    Column("title", String(500)),
    Column("locale", String(35)),
    Column("last_updated_at", UtcDateTime()),
    Column("health", String(20), nullable=False, index=True),
    Column("issues", JSON, nullable=False),
    Column("score", Integer),
    Column("status_code", Integer),
    Column("response_ms", Integer),
    Column("checked_at", UtcDateTime()),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

crawls = Table(
    "crawls", metadata,
    Column("id", String(36), primary_key=True),
    Column("status", String(20), nullable=False, index=True),
    Column("page_ids", JSON(none_as_null=True)),
    Column("total", Integer, nullable=False),
    Column("done", Integer, nullable=False),
    Column("broken", Integer, nullable=False),
    Column("degraded", Integer, nullable=False),
    Column("error", String(500)),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("started_at", UtcDateTime()),
    Column("finished_at", UtcDateTime()),
)

tasks = Table(
    "tasks", metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("subject", String(URL_LENGTH + 8), nullable=False),
    Column("page_id", String(36), index=True),
    Column("sku", String(64)),
    Column("status", String(20), nullable=False),
    Column("assignee", String(200)),
    Column("details", JSON, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)
# At most one open task per (kind, page or SKU), enforced by the database as well as the code.
Index(
    "uq_tasks_open_subject", tasks.c.kind, tasks.c.subject, unique=True,
    postgresql_where=tasks.c.status != "done", sqlite_where=tasks.c.status != "done",
)
Index("ix_tasks_status_kind", tasks.c.status, tasks.c.kind)

known_skus = Table(
    "known_skus", metadata,
    Column("sku", String(64), primary_key=True),
    Column("first_seen_at", UtcDateTime(), nullable=False),
)

out_of_stock = Table(
    "out_of_stock", metadata,
    Column("sku", String(64), primary_key=True),
    Column("since", UtcDateTime(), nullable=False),
)

# A campaign content check asked for by `launch_requested`, run by the background worker:
# pending -> running (claimed) -> done, or superseded by a newer request of the same campaign.
campaign_checks = Table(
    "campaign_checks", metadata,
    Column("id", String(200), primary_key=True),
    Column("campaign_id", String(200), nullable=False, index=True),
    Column("request_id", String(200), nullable=False),
    Column("request", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("requested_at", UtcDateTime(), nullable=False),
    Column("claimed_at", UtcDateTime()),
    Column("finished_at", UtcDateTime()),
)
Index("ix_campaign_checks_status_requested", campaign_checks.c.status, campaign_checks.c.requested_at)

# A sitemap import, run by the background worker: queued -> running -> succeeded | failed. Its URLs
# are written in batches, each its own short transaction, so no import holds the write lock long.
sitemap_imports = Table(
    "sitemap_imports", metadata,
    Column("id", String(36), primary_key=True),
    Column("sitemap_url", String(URL_LENGTH), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("found", Integer, nullable=False),
    Column("imported", Integer, nullable=False),
    Column("updated", Integer, nullable=False),
    Column("skipped", Integer, nullable=False),
    Column("truncated", Boolean, nullable=False),
    Column("error", String(500)),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("started_at", UtcDateTime()),
    Column("finished_at", UtcDateTime()),
)
