"""Delay clusters: many late shipments of one warehouse or carrier mean a wave of
"where is my order?" contacts; support hears about it in one advisory per warehouse or carrier."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from services.support.domain.advisories import (
    AdvisoryDraft,
    Severity,
    clip,
    expected_extra_contacts,
    when,
)

ClusterGroup = Literal["warehouse", "carrier"]
CLUSTER_WINDOW = timedelta(hours=24)
CRITICAL_FACTOR = 3


def cluster_key(group: ClusterGroup, name: str) -> str:
    return f"delivery_delay:{group}:{name}"


def cluster_severity(delayed: int, threshold: int) -> Severity | None:
    """None below the threshold; warning from it, critical from three times it."""
    if delayed < threshold:
        return None
    return "critical" if delayed >= CRITICAL_FACTOR * threshold else "warning"


def _label(group: ClusterGroup, name: str) -> str:
    return f"warehouse {name}" if group == "warehouse" else f"carrier {name}"


def delivery_delay_advisory(
    group: ClusterGroup, name: str, delayed: int, threshold: int, contact_rate: float,
) -> AdvisoryDraft | None:
    """The advisory for `delayed` late shipments of one warehouse or carrier, or None below the
    threshold."""
    severity = cluster_severity(delayed, threshold)
    if severity is None:
        return None
    label = _label(group, name)
    contacts = expected_extra_contacts([delayed], contact_rate)
    title = clip(f"Delivery delays: {delayed} orders delayed at {label}")
    summary = (
        f"What is happening: {delayed} orders shipping through {label} became delayed within the last "
        f"{int(CLUSTER_WINDOW.total_seconds() // 3600)} hours and are still late.\n"
        f"Expect about {contacts} extra “where is my order?” contacts; tickets on such orders are "
        "raised to high priority.\n"
        "What to tell customers: apologise, give the order's current status and tracking from the "
        "order view, and do not promise a new delivery date before the warehouse or carrier "
        "confirms one."
    )
    return AdvisoryDraft(
        kind="delivery_delay", severity=severity, title=title, summary=summary, skus=[], urls=[],
        expected_extra_contacts=contacts,
    )


def delivery_delay_ended(summary: str, group: ClusterGroup, name: str, delayed: int, now: datetime) -> str:
    still = f" ({delayed} still late, below the alert level)" if delayed else ""
    return (f"{summary}\nUpdate {when(now)}: the delays at {_label(group, name)} have cleared{still}; "
            "this advisory has ended.")
