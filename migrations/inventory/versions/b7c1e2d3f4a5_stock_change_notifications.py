"""stock change notifications

Revision ID: b7c1e2d3f4a5
Revises: 57acd80e47ea
Create Date: 2026-11-30 17:30:00.000000

On PostgreSQL every committed change to an item or a stock level notifies channel
`inventory_stock` with the SKU, so each process's stock read cache forgets it (the payloads of
one transaction are deduplicated by PostgreSQL). SQLite has no cache and needs nothing.
"""
from collections.abc import Sequence

from alembic import op

revision: str = 'b7c1e2d3f4a5'
down_revision: str | None = '57acd80e47ea'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("items", "stock_levels")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        CREATE FUNCTION notify_stock_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('inventory_stock', CASE WHEN TG_OP = 'DELETE' THEN OLD.sku ELSE NEW.sku END);
            RETURN NULL;
        END $$
    """)
    for table in TABLES:
        op.execute(f"CREATE TRIGGER {table}_notify_stock AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION notify_stock_changed()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_notify_stock ON {table}")
    op.execute("DROP FUNCTION IF EXISTS notify_stock_changed()")
