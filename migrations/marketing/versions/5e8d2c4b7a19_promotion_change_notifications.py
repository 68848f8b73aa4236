"""promotion change notifications

Revision ID: 5e8d2c4b7a19
Revises: 3c1f0a9e7b21
Create Date: 2026-12-03 09:00:00

On PostgreSQL every committed statement that changes campaigns or their items notifies channel
`marketing_promotions`, so each process's promotions cache forgets what it holds (the
notifications of one transaction are folded into one by PostgreSQL). On SQLite the cache watches
`PRAGMA data_version` instead and needs nothing here.
"""
from collections.abc import Sequence

from alembic import op

revision: str = '5e8d2c4b7a19'
down_revision: str | None = '3c1f0a9e7b21'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("campaigns", "campaign_items")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        CREATE FUNCTION notify_promotions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('marketing_promotions', '');
            RETURN NULL;
        END $$
    """)
    for table in TABLES:
        op.execute(f"CREATE TRIGGER {table}_notify_promotions AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                   f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION notify_promotions_changed()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_notify_promotions ON {table}")
    op.execute("DROP FUNCTION IF EXISTS notify_promotions_changed()")
