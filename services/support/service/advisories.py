"""Advisories: read and acknowledged by agents; created, revised (revision + 1) or ended by
events, published on creation, on escalation and when they end (with `valid_until`)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from services.support import repository
from services.support.domain.advisories import Advisory, AdvisoryDraft, is_increase
from shared.errors import NotFound
from shared.events.payloads.support import AdvisoryPublished
from shared.uow import UnitOfWork

PUBLISHED = "support.advisory.published.v1"


async def list_advisories(
    uow: UnitOfWork, active: bool | None, campaign_id: str | None, kind: str | None,
    limit: int, cursor: str | None,
) -> tuple[list[Advisory], str | None]:
    return await repository.advisory_page(uow, datetime.now(UTC), active, campaign_id, kind, limit, cursor)


async def read_advisory(uow: UnitOfWork, advisory_id: uuid.UUID) -> Advisory:
    found = await repository.get_advisory(uow, str(advisory_id))
    if found is None:
        raise NotFound(f"No advisory {advisory_id}.")
    return found


async def acknowledge_advisory(uow: UnitOfWork, advisory_id: uuid.UUID) -> Advisory:
    """Record that support read it; the first acknowledgement time stays."""
    found = await repository.get_advisory(uow, str(advisory_id), lock=True)
    if found is None:
        raise NotFound(f"No advisory {advisory_id}.")
    if found.acknowledged_at is not None:
        return found
    acknowledged = replace(found, acknowledged_at=datetime.now(UTC))
    await repository.update_advisory(uow, acknowledged)
    return acknowledged


async def save_advisory(
    uow: UnitOfWork, draft: AdvisoryDraft, dedup_key: str, existing: Advisory | None, now: datetime,
) -> None:
    """Insert the advisory, or revise the existing one when anything an agent reads changed."""
    if existing is None:
        created = Advisory(
            id=str(uuid.uuid4()), kind=draft.kind, severity=draft.severity, title=draft.title,
            summary=draft.summary, campaign_id=draft.campaign_id, skus=draft.skus, urls=draft.urls,
            expected_extra_contacts=draft.expected_extra_contacts, valid_from=now,
            valid_until=draft.valid_until, revision=1, acknowledged_at=None, dedup_key=dedup_key,
            created_at=now, updated_at=now,
        )
        await repository.insert_advisory(uow, created)
        _announce(uow, created.id, draft)
        return
    if existing.shows(draft):
        return
    escalated = is_increase(existing.severity, draft.severity)
    revised = replace(
        existing, kind=draft.kind, severity=draft.severity, title=draft.title, summary=draft.summary,
        campaign_id=draft.campaign_id, skus=draft.skus, urls=draft.urls,
        expected_extra_contacts=draft.expected_extra_contacts, valid_until=draft.valid_until,
        revision=existing.revision + 1, updated_at=now,
        # An acknowledgement covered the old, milder news; agents must look again.
        acknowledged_at=None if escalated else existing.acknowledged_at,
    )
    await repository.update_advisory(uow, revised)
    if escalated:
        _announce(uow, existing.id, draft)


async def end_advisory(uow: UnitOfWork, existing: Advisory, summary: str, now: datetime) -> None:
    """Close an open stock or page advisory; its key is freed for a later outage."""
    await repository.update_advisory(uow, replace(
        existing, valid_until=now, summary=summary, dedup_key=None, revision=existing.revision + 1,
        updated_at=now,
    ))
    # Readers that list advisories in force (the board) learn from this that it no longer is.
    uow.publish(PUBLISHED, existing.id, AdvisoryPublished(
        advisory_id=existing.id, kind=existing.kind, severity=existing.severity, title=existing.title,
        campaign_id=existing.campaign_id, skus=existing.skus, valid_until=now,
    ))


def _announce(uow: UnitOfWork, advisory_id: str, draft: AdvisoryDraft) -> None:
    uow.publish(PUBLISHED, advisory_id, AdvisoryPublished(
        advisory_id=advisory_id, kind=draft.kind, severity=draft.severity, title=draft.title,
        campaign_id=draft.campaign_id, skus=draft.skus, valid_until=draft.valid_until,
    ))
