"""order view (orders, fulfilment delays, journey) and the ticket index by order

Revision ID: 7b1d0e5a2c11
Revises: 5e3f2c1b9d43
Create Date: 2026-12-05 09:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '7b1d0e5a2c11'
down_revision: str | None = '5e3f2c1b9d43'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('orders',
    sa.Column('order_ref', sa.String(length=100), nullable=False),
    sa.Column('fulfilment_id', sa.String(length=36), nullable=False),
    sa.Column('warehouse', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('carrier', sa.String(length=100), nullable=True),
    sa.Column('tracking_number', sa.String(length=100), nullable=True),
    sa.Column('tracking_url', sa.String(length=2000), nullable=True),
    sa.Column('ship_by', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deliver_by', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('order_ref')
    )
    op.create_table('fulfilment_delays',
    sa.Column('fulfilment_id', sa.String(length=36), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('order_ref', sa.String(length=100), nullable=False),
    sa.Column('warehouse', sa.String(length=32), nullable=False),
    sa.Column('carrier', sa.String(length=100), nullable=True),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('fulfilment_id', 'reason')
    )
    op.create_index('ix_fulfilment_delays_order', 'fulfilment_delays', ['order_ref'], unique=False)
    op.create_index('ix_fulfilment_delays_warehouse', 'fulfilment_delays', ['warehouse', 'active'],
                    unique=False)
    op.create_index('ix_fulfilment_delays_carrier', 'fulfilment_delays', ['carrier', 'active'], unique=False)
    op.create_table('order_journey',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('order_ref', sa.String(length=100), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('what', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_order_journey_order', 'order_journey', ['order_ref', 'at'], unique=False)
    op.create_index('ix_tickets_order_ref', 'tickets', ['order_ref'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_tickets_order_ref', table_name='tickets')
    op.drop_index('ix_order_journey_order', table_name='order_journey')
    op.drop_table('order_journey')
    op.drop_index('ix_fulfilment_delays_carrier', table_name='fulfilment_delays')
    op.drop_index('ix_fulfilment_delays_warehouse', table_name='fulfilment_delays')
    op.drop_index('ix_fulfilment_delays_order', table_name='fulfilment_delays')
    op.drop_table('fulfilment_delays')
    op.drop_table('orders')
