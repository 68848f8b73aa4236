"""Delay clusters: one `delivery_delay` advisory per warehouse or carrier with many late
shipments, revised as the count changes and ended when the delays clear."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.support import repository
from services.support.domain.delays import (
    CLUSTER_WINDOW,
    ClusterGroup,
    cluster_key,
    delivery_delay_advisory,
    delivery_delay_ended,
)
from services.support.repository import orders as store
from services.support.service.advisories import end_advisory, save_advisory
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class ClusterRules:
    threshold: int
    contact_rate: float


async def review_clusters(
    uow: UnitOfWork, rules: ClusterRules, warehouse: str, carrier: str | None, now: datetime,
) -> None:
    """Re-count the warehouse's and the carrier's delays after one of them changed."""
    await review_cluster(uow, rules, "warehouse", warehouse, now)
    if carrier is not None:
        await review_cluster(uow, rules, "carrier", carrier, now)


async def review_cluster(
    uow: UnitOfWork, rules: ClusterRules, group: ClusterGroup, name: str, now: datetime
) -> None:
    key = cluster_key(group, name)
    existing = await repository.lock_advisory_by_key(uow, key)
    delayed = await store.count_delayed(uow, group, name, now - CLUSTER_WINDOW)
    draft = delivery_delay_advisory(group, name, delayed, rules.threshold, rules.contact_rate)
    if draft is not None:
        await save_advisory(uow, draft, key, existing, now)
    elif existing is not None:
        summary = delivery_delay_ended(existing.summary, group, name, delayed, now)
        await end_advisory(uow, existing, summary, now)
