"""Advisories: severity rules and the texts a support agent reads."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

Severity = Literal["info", "warning", "critical"]
Kind = Literal["campaign_launch", "stock_risk", "content_issue", "delivery_delay"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "critical": 2}
TITLE_MAX = 300
# Inventory check statuses that mean the stock will not cover the campaign, or may not.
SHORT_STATUSES = frozenset({"insufficient", "unknown_sku"})
RISKY_STATUSES = frozenset({"at_risk", "unknown_demand"})
# Page kinds whose breakage support hears about, and how loudly.
PAGE_SEVERITY: dict[str, Severity] = {"product": "warning", "checkout": "critical"}


@dataclass(frozen=True)
class AdvisoryDraft:
    kind: Kind
    severity: Severity
    title: str
    summary: str
    skus: list[str]
    urls: list[str]
    campaign_id: str | None = None
    expected_extra_contacts: int | None = None
    valid_until: datetime | None = None


@dataclass(frozen=True)
class Advisory:
    """A stored advisory: a draft with its identity, validity and revision."""

    id: str
    kind: Kind
    severity: Severity
    title: str
    summary: str
    campaign_id: str | None
    skus: list[str]
    urls: list[str]
    expected_extra_contacts: int | None
    valid_from: datetime
    valid_until: datetime | None
    revision: int
    acknowledged_at: datetime | None
    dedup_key: str | None
    created_at: datetime
    updated_at: datetime

    def shows(self, draft: AdvisoryDraft) -> bool:
        """True when the draft would change nothing an agent reads."""
        return (self.severity, self.title, self.summary, self.skus, self.urls,
                self.expected_extra_contacts, self.valid_until, self.campaign_id) == (
            draft.severity, draft.title, draft.summary, draft.skus, draft.urls,
            draft.expected_extra_contacts, draft.valid_until, draft.campaign_id)


def is_increase(old: str, new: str) -> bool:
    return SEVERITY_RANK[new] > SEVERITY_RANK[old]


def worst(severities: Sequence[Severity]) -> Severity:
    return max(severities, key=SEVERITY_RANK.__getitem__, default="info")


def expected_extra_contacts(units: Sequence[int | None], contact_rate: float) -> int | None:
    """ceil(sum of expected units x rate); None when no unit figure is known."""
    known = [u for u in units if u is not None]
    if not known:
        return None
    # Rounding first keeps float noise (300 x 0.07 = 21.000000000000004) from adding a contact.
    return math.ceil(round(sum(known) * contact_rate, 9))


def when(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%a %d %b %Y, %H:%M} UTC"


def listing(values: Sequence[str], limit: int = 8) -> str:
    """'A, B and C' (with 'and N more' past the limit)."""
    shown = list(values[:limit])
    if len(values) > limit:
        shown.append(f"{len(values) - limit} more")
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def first_of(values: Sequence[str], limit: int, separator: str = "; ", each: int = 300) -> str:
    """The first `limit` values (each clipped) joined, then 'and N more': summaries stay short
    for big campaigns."""
    shown = separator.join(clip(value, each) for value in values[:limit])
    if len(values) > limit:
        shown += f"{separator}and {len(values) - limit} more"
    return shown


def clip(text: str, limit: int = TITLE_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class LiveCampaign:
    campaign_id: str
    name: str
    ends_at: datetime


def stock_risk_advisory(sku: str, campaigns: Sequence[LiveCampaign], now: datetime) -> AdvisoryDraft:
    """A depleted SKU that live campaigns advertise: customers will ask where their goods are."""
    names = listing([f"“{c.name}”" for c in campaigns])
    title = clip(f"Out of stock: {sku}, advertised by live campaign {names}")
    summary = (
        f"What is happening: {sku} sold out ({when(now)}) while the campaign {names} still "
        f"advertises it (until {when(max(c.ends_at for c in campaigns))}).\n"
        "Expect questions about availability, delayed orders and whether the campaign price "
        "still applies.\n"
        f"What to tell customers: {sku} is temporarily out of stock; offer a back-in-stock "
        "notification or a similar product, and do not promise a restock date."
    )
    return AdvisoryDraft(
        kind="stock_risk", severity="critical", title=title, summary=summary, skus=[sku], urls=[],
        campaign_id=campaigns[0].campaign_id,
    )


def stock_risk_resolved(summary: str, sku: str, total_available: int, now: datetime) -> str:
    return (
        f"{summary}\nUpdate {when(now)}: {sku} is back in stock ({total_available} available); "
        "this advisory has ended. Orders can be promised normally again."
    )


def content_issue_advisory(
    url: str, page_kind: str, sku: str | None, issues: Sequence[str], campaigns: Sequence[LiveCampaign],
) -> AdvisoryDraft | None:
    """A broken product or checkout page; None for pages customers rarely contact us about."""
    severity = PAGE_SEVERITY.get(page_kind)
    if severity is None:
        return None
    problems = listing(list(issues)) or "unspecified problems"
    campaign_note = (
        f" It is part of the live campaign {listing([f'“{c.name}”' for c in campaigns])}, "
        "so expect more contacts than usual."
        if campaigns else ""
    )
    if page_kind == "checkout":
        title = clip(f"Checkout page broken: customers may not be able to pay ({url})")
        advice = ("take the order over the phone or chat, or ask the customer to retry later; "
                  "reassure them that no payment was taken for a failed checkout.")
    else:
        subject = f"product page of {sku}" if sku else "a product page"
        title = clip(f"Broken {subject}: {url}")
        advice = ("apologise, give the product details from the catalogue and take the order "
                  "by phone or chat if they want it; the content team is fixing the page.")
    summary = (
        f"What is happening: the {page_kind} page {url} is broken ({problems}).{campaign_note}\n"
        f"What to tell customers: {advice}"
    )
    return AdvisoryDraft(
        kind="content_issue", severity=severity, title=title, summary=summary,
        skus=[sku] if sku else [], urls=[url],
        campaign_id=campaigns[0].campaign_id if campaigns else None,
    )


def content_issue_resolved(summary: str, url: str, now: datetime) -> str:
    return f"{summary}\nUpdate {when(now)}: {url} works again; this advisory has ended."


@dataclass(frozen=True)
class Finding:
    """What one check said about one SKU or page that support should know."""

    subject: str
    problem: str
    severity: Severity


@dataclass(frozen=True)
class StockItem:
    sku: str
    status: str
    expected_units: int | None = None
    coverage: float | None = None
    projected_stockout_at: datetime | None = None


@dataclass(frozen=True)
class CheckedPage:
    url: str
    kind: str
    health: str
    issues: list[str] = field(default_factory=list)


def stock_findings(items: Sequence[StockItem]) -> list[Finding]:
    found = []
    for item in items:
        if item.status not in SHORT_STATUSES | RISKY_STATUSES:
            continue
        if item.status == "unknown_sku":
            problem = "is unknown to the warehouse: orders may not ship"
        elif item.status == "unknown_demand":
            problem = "has no demand estimate, so stock coverage cannot be judged"
        else:
            short = "will not cover" if item.status == "insufficient" else "may not cover"
            coverage = f" ({item.coverage:.0%} covered)" if item.coverage is not None else ""
            problem = f"stock {short} the expected demand{coverage}"
        if item.projected_stockout_at is not None:
            problem += f", projected to sell out around {when(item.projected_stockout_at)}"
        severity: Severity = "critical" if item.status in SHORT_STATUSES else "warning"
        found.append(Finding(item.sku, problem, severity))
    return found


def page_findings(pages: Sequence[CheckedPage], missing_product_pages: Sequence[str]) -> list[Finding]:
    found = []
    for page in pages:
        if page.health in ("broken", "degraded"):
            issues = f" ({listing(page.issues)})" if page.issues else ""
            severity: Severity = "warning" if page.health == "broken" else "info"
            found.append(Finding(page.url, f"({page.kind} page) is {page.health}{issues}", severity))
    found.extend(Finding(sku, "has no product page", "warning") for sku in missing_product_pages)
    return found
