"""page URLs in their one spelling: pages whose URLs differ only in spelling become one

Revision ID: 9d3f2a7c4e34
Revises: 9d3f2a7c4e33
Create Date: 2026-12-03 14:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from services.content.domain import normalise_url

revision: str = '9d3f2a7c4e34'
down_revision: str | None = '9d3f2a7c4e33'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

pages = sa.table('pages', sa.column('id', sa.String), sa.column('url', sa.String),
                 sa.column('created_at', sa.DateTime))
tasks = sa.table('tasks', sa.column('id', sa.String), sa.column('kind', sa.String),
                 sa.column('subject', sa.String), sa.column('page_id', sa.String),
                 sa.column('status', sa.String))


def _move_tasks(connection: sa.Connection, old_subject: str, new_subject: str, page_id: str | None) -> None:
    """Tasks of `old_subject` become tasks of `new_subject`; an open one whose kind is open there
    already is closed instead (one open task per kind and subject)."""
    open_there = {row.kind for row in connection.execute(
        sa.select(tasks.c.kind).where(tasks.c.subject == new_subject, tasks.c.status != 'done'))}
    for task in connection.execute(sa.select(tasks.c.id, tasks.c.kind, tasks.c.status)
                                   .where(tasks.c.subject == old_subject)).all():
        if task.status != 'done' and task.kind in open_there:
            connection.execute(sa.update(tasks).where(tasks.c.id == task.id).values(status='done'))
            continue
        values = {'subject': new_subject, **({'page_id': page_id} if page_id else {})}
        connection.execute(sa.update(tasks).where(tasks.c.id == task.id).values(**values))
        if task.status != 'done':
            open_there.add(task.kind)


def upgrade() -> None:
    connection = op.get_bind()
    groups: dict[str, list[sa.Row]] = {}
    for row in connection.execute(sa.select(pages.c.id, pages.c.url, pages.c.created_at)
                                  .order_by(pages.c.created_at, pages.c.id)).all():
        groups.setdefault(normalise_url(row.url), []).append(row)
    for url, rows in groups.items():
        # The row already spelled right is kept, else the oldest; the others merge into it.
        kept = next((row for row in rows if row.url == url), rows[0])
        for row in rows:
            if row.id != kept.id:
                _move_tasks(connection, f'page:{row.id}', f'page:{kept.id}', kept.id)
                connection.execute(sa.delete(pages).where(pages.c.id == row.id))
        if kept.url != url:
            connection.execute(sa.update(pages).where(pages.c.id == kept.id).values(url=url))
    for row in connection.execute(sa.select(tasks.c.subject).where(tasks.c.subject.like('url:%'))
                                  .distinct()).all():
        normalised = f'url:{normalise_url(row.subject[4:])}'
        if normalised != row.subject:
            _move_tasks(connection, row.subject, normalised, None)


def downgrade() -> None:
    """URLs stay normalised: the spellings they had are not kept."""
