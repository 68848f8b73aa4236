"""outbox rows remember the partition and offset the broker acknowledged, and their trace context

Revision ID: 5e3f2c1b9d43
Revises: d9f0e99dd9bc
Create Date: 2026-12-03 08:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '5e3f2c1b9d43'
down_revision: str | None = 'd9f0e99dd9bc'
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
