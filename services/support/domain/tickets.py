"""Ticket status rules and feedback trend detection."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.errors import Conflict

FINAL_STATUS = "closed"


@dataclass(frozen=True)
class Ticket:
    id: str
    customer_ref: str
    channel: str
    subject: str
    body: str
    topic: str | None
    sku: str | None
    order_ref: str | None
    campaign_id: str | None
    page_url: str | None
    status: str
    priority: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class RecentTicket:
    subject: str
    created_at: datetime


def check_ticket_status(current: str, new: str) -> None:
    """A closed ticket stays closed: a new contact about it is a new ticket."""
    if current == FINAL_STATUS and new != FINAL_STATUS:
        raise Conflict(
            "The ticket is closed and cannot be reopened; open a new ticket for a new contact.",
            current_status=current,
        )


def normalise_topic(topic: str) -> str:
    """Topics are compared without case or surrounding spaces."""
    return " ".join(topic.split()).lower()


def trend_key(topic: str, sku: str | None, url: str | None) -> str:
    """A fixed-length key for a (topic, SKU or page URL) pair."""
    target = f"sku:{sku}" if sku is not None else f"url:{url}"
    return hashlib.sha256(f"{topic}\n{target}".encode()).hexdigest()


def trend_due(
    ticket_times: Sequence[datetime],
    last_window_start: datetime | None,
    now: datetime,
    threshold: int,
    window: timedelta,
) -> datetime | None:
    """The start of a new trend window when one is due, else None.

    A trend is due when `threshold` tickets arrived within `window` before `now`, counting
    only tickets after the last emitted window began plus `window`, so each window emits once
    and the tickets of one window never count towards the next.
    """
    if last_window_start is not None and now < last_window_start + window:
        return None
    earliest = now - window
    if last_window_start is not None:
        earliest = max(earliest, last_window_start + window)
    recent = sorted(t for t in ticket_times if earliest <= t <= now)
    if len(recent) < threshold:
        return None
    return recent[0]
