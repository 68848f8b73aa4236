"""outbox rows remember the partition and offset the broker acknowledged, and their trace context

Revision ID: 7a2c4e6b8d10
Revises: 321f14e6ba1c
Create Date: 2026-12-03 08:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '7a2c4e6b8d10'
down_revision: str | None = '321f14e6ba1c'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('outbox', sa.Column('acked_partition', sa.Integer(), nullable=True))
    op.add_column('outbox', sa.Column('acked_offset', sa.BigInteger(), nullable=True))
    op.add_column('outbox', sa.Column('traceparent', sa.String(length=55), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('outbox') as batch:
        batch.drop_column('traceparent')
        batch.drop_column('acked_offset')
        batch.drop_column('acked_partition')
