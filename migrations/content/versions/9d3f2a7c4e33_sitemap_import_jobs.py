"""sitemap imports run as background jobs with a status resource

Revision ID: 9d3f2a7c4e33
Revises: 6f4a3d2c0e54
Create Date: 2026-12-03 13:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '9d3f2a7c4e33'
down_revision: str | None = '6f4a3d2c0e54'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'sitemap_imports',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('sitemap_url', sa.String(length=2048), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('found', sa.Integer(), nullable=False),
        sa.Column('imported', sa.Integer(), nullable=False),
        sa.Column('updated', sa.Integer(), nullable=False),
        sa.Column('skipped', sa.Integer(), nullable=False),
        sa.Column('truncated', sa.Boolean(), nullable=False),
        sa.Column('error', sa.String(length=500), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('sitemap_imports') as batch_op:
        batch_op.create_index(batch_op.f('ix_sitemap_imports_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sitemap_imports') as batch_op:
        batch_op.drop_index(batch_op.f('ix_sitemap_imports_status'))
    op.drop_table('sitemap_imports')
