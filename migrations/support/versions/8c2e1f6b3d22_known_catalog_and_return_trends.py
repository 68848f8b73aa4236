"""known warehouses and SKUs, return comments and refusals, one open return per order and SKU,
return trends

Revision ID: 8c2e1f6b3d22
Revises: 5e3f2c1b9d43
Create Date: 2026-12-03 13:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '8c2e1f6b3d22'
down_revision: str | None = '7b1d0e5a2c11'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('known_warehouses',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=True),
    sa.Column('country', sa.String(length=10), nullable=True),
    sa.Column('learned_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('known_skus',
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('learned_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sku')
    )
    op.create_table('open_return_lines',
    sa.Column('order_ref', sa.String(length=100), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('return_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['return_id'], ['returns.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('order_ref', 'sku')
    )
    op.create_table('transit_damages',
    sa.Column('fulfilment_id', sa.String(length=36), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('fulfilment_id', 'sku')
    )
    op.create_index('ix_transit_damages_sku', 'transit_damages', ['sku', 'occurred_at'], unique=False)
    op.create_table('return_trend_windows',
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=True),
    sa.Column('emitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('sku', 'reason')
    )
    op.add_column('returns', sa.Column('attention_reasons', sa.JSON(), server_default='[]', nullable=False))
    op.add_column('return_lines', sa.Column('comment', sa.String(length=500), nullable=True))
    # Returns already open hold their order and SKUs (one of them where several do).
    op.execute(
        "INSERT INTO open_return_lines (order_ref, sku, return_id) "
        "SELECT r.order_ref, l.sku, MIN(r.id) FROM returns r JOIN return_lines l ON l.return_id = r.id "
        "WHERE r.status NOT IN ('rejected', 'restocked') GROUP BY r.order_ref, l.sku"
    )


def downgrade() -> None:
    with op.batch_alter_table('return_lines') as batch:
        batch.drop_column('comment')
    with op.batch_alter_table('returns') as batch:
        batch.drop_column('attention_reasons')
    op.drop_table('return_trend_windows')
    op.drop_index('ix_transit_damages_sku', table_name='transit_damages')
    op.drop_table('transit_damages')
    op.drop_table('open_return_lines')
    op.drop_table('known_skus')
    op.drop_table('known_warehouses')
