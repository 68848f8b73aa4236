"""fulfilments, carrier scans, delays, quality alerts and return refusals

Revision ID: c3a9f1d2e4b6
Revises: 4d2e1b0a8c32
Create Date: 2026-12-01 10:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'c3a9f1d2e4b6'
down_revision: str | None = '4d2e1b0a8c32'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNRESOLVED = sa.text("status <> 'resolved'")


def upgrade() -> None:
    op.create_table('return_refusals',
    sa.Column('event_id', sa.String(length=100), nullable=False),
    sa.Column('return_id', sa.String(length=100), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('refused_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    op.create_table('fulfilments',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('order_ref', sa.String(length=100), nullable=False),
    sa.Column('reservation_id', sa.String(length=36), nullable=False),
    sa.Column('warehouse', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('service_level', sa.String(length=16), nullable=False),
    sa.Column('ship_by', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deliver_by', sa.DateTime(timezone=True), nullable=True),
    sa.Column('packages', sa.Integer(), nullable=True),
    sa.Column('carrier', sa.String(length=100), nullable=True),
    sa.Column('tracking_number', sa.String(length=100), nullable=True),
    sa.Column('tracking_url', sa.String(length=2000), nullable=True),
    sa.Column('exception_kind', sa.String(length=32), nullable=True),
    sa.Column('exception_detail', sa.String(length=500), nullable=True),
    sa.Column('exception_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancel_reason', sa.String(length=500), nullable=True),
    sa.Column('shipped_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('latest_scan_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reservation_id'], ['reservations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reservation_id'),
    sa.UniqueConstraint('carrier', 'tracking_number', name='uq_fulfilments_tracking')
    )
    op.create_index('ix_fulfilments_order_ref', 'fulfilments', ['order_ref'], unique=False)
    op.create_index('ix_fulfilments_status_created', 'fulfilments', ['status', 'created_at'], unique=False)
    op.create_table('carrier_scans',
    sa.Column('carrier', sa.String(length=100), nullable=False),
    sa.Column('event_id', sa.String(length=200), nullable=False),
    sa.Column('fulfilment_id', sa.String(length=36), nullable=False),
    sa.Column('tracking_number', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['fulfilment_id'], ['fulfilments.id'], ),
    sa.PrimaryKeyConstraint('carrier', 'event_id')
    )
    op.create_index('ix_carrier_scans_fulfilment', 'carrier_scans', ['fulfilment_id', 'occurred_at'],
                    unique=False)
    op.create_table('fulfilment_delays',
    sa.Column('fulfilment_id', sa.String(length=36), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['fulfilment_id'], ['fulfilments.id'], ),
    sa.PrimaryKeyConstraint('fulfilment_id', 'reason')
    )
    op.create_table('quality_alerts',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('return_reason', sa.String(length=32), nullable=False),
    sa.Column('line_count', sa.Integer(), nullable=False),
    sa.Column('window_days', sa.Integer(), nullable=False),
    sa.Column('trend_count', sa.Integer(), nullable=False),
    sa.Column('sample_comments', sa.JSON(), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('first_trend_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_trend_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('uq_quality_alerts_unresolved', 'quality_alerts', ['kind', 'sku'], unique=True,
                    postgresql_where=UNRESOLVED, sqlite_where=UNRESOLVED)
    op.create_index('ix_quality_alerts_status_id', 'quality_alerts', ['status', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_quality_alerts_status_id', table_name='quality_alerts')
    op.drop_index('uq_quality_alerts_unresolved', table_name='quality_alerts')
    op.drop_table('quality_alerts')
    op.drop_table('fulfilment_delays')
    op.drop_index('ix_carrier_scans_fulfilment', table_name='carrier_scans')
    op.drop_table('carrier_scans')
    op.drop_index('ix_fulfilments_status_created', table_name='fulfilments')
    op.drop_index('ix_fulfilments_order_ref', table_name='fulfilments')
    op.drop_table('fulfilments')
    op.drop_table('return_refusals')
