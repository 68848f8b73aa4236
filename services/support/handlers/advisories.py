"""Saving advisories: create, revise (revision + 1) or end; publish on creation and escalation."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Any

from services.support.domain.advisories import AdvisoryDraft, is_increase
from services.support.repository import utc
from services.support.tables import advisories
from shared.events.payloads.support import AdvisoryPublished
from shared.uow import UnitOfWork

PUBLISHED = "support.advisory.published.v1"
_COMPARED = ("severity", "title", "summary", "skus", "urls", "expected_extra_contacts", "valid_until",
             "campaign_id")


async def save_advisory(
    uow: UnitOfWork, draft: AdvisoryDraft, dedup_key: str, existing: dict[str, Any] | None, now: datetime,
) -> None:
    """Insert the advisory, or revise the existing one when anything an agent reads changed."""
    values = asdict(draft)
    values["valid_until"] = utc(draft.valid_until)
    if existing is None:
        advisory_id = str(uuid.uuid4())
        await uow.execute(advisories.insert().values(
            id=advisory_id, dedup_key=dedup_key, valid_from=now, revision=1, created_at=now,
            updated_at=now, **values,
        ))
        _announce(uow, advisory_id, draft)
        return
    if all(existing[name] == values[name] for name in _COMPARED):
        return
    changes: dict[str, Any] = {**values, "revision": existing["revision"] + 1, "updated_at": now}
    escalated = is_increase(existing["severity"], draft.severity)
    if escalated:
        # An acknowledgement covered the old, milder news; agents must look again.
        changes["acknowledged_at"] = None
    await uow.execute(advisories.update().where(advisories.c.id == existing["id"]).values(**changes))
    if escalated:
        _announce(uow, existing["id"], draft)


async def end_advisory(uow: UnitOfWork, existing: dict[str, Any], summary: str, now: datetime) -> None:
    """Close an open stock or page advisory; its key is freed for a later outage."""
    await uow.execute(advisories.update().where(advisories.c.id == existing["id"]).values(
        valid_until=now, summary=summary, dedup_key=None, revision=existing["revision"] + 1, updated_at=now,
    ))


def _announce(uow: UnitOfWork, advisory_id: str, draft: AdvisoryDraft) -> None:
    uow.publish(PUBLISHED, advisory_id, AdvisoryPublished(
        advisory_id=advisory_id, kind=draft.kind, severity=draft.severity, title=draft.title,
        campaign_id=draft.campaign_id, skus=draft.skus,
    ))
