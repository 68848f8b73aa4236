"""advisories keep how long they are valid; fulfilments keep every open delay reason

Revision ID: c3d9a7f1b2e4
Revises: 7a2c4e6b8d10
Create Date: 2026-12-03 13:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'c3d9a7f1b2e4'
down_revision: str | None = '7a2c4e6b8d10'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('advisories', sa.Column('valid_until', sa.DateTime(timezone=True), nullable=True))
    op.add_column('fulfilments', sa.Column('delay_reasons', sa.JSON(), nullable=True))
    with op.batch_alter_table('fulfilments') as batch:
        batch.drop_column('delay_reason')


def downgrade() -> None:
    with op.batch_alter_table('fulfilments') as batch:
        batch.add_column(sa.Column('delay_reason', sa.String(length=500), nullable=True))
        batch.drop_column('delay_reasons')
    with op.batch_alter_table('advisories') as batch:
        batch.drop_column('valid_until')
