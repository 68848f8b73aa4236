"""The campaign advisory: one per campaign, rebuilt from everything support knows about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.support.domain.advisories import (
    AdvisoryDraft,
    CheckedPage,
    Finding,
    Severity,
    StockItem,
    clip,
    expected_extra_contacts,
    first_of,
    listing,
    page_findings,
    stock_findings,
    when,
    worst,
)

_TITLES = {
    "requested": "Campaign “{name}” starts {starts}",
    "live": "Campaign “{name}” is live until {ends}",
    "paused": "Campaign “{name}” is paused",
    "ended": "Campaign “{name}” has ended",
    "cancelled": "Campaign “{name}” was cancelled",
}
_HAPPENING = {
    "requested": "marketing plans the campaign “{name}”",
    "live": "the campaign “{name}” is live",
    "paused": "the campaign “{name}” is paused",
    "ended": "the campaign “{name}” has ended",
    "cancelled": "the campaign “{name}” was cancelled and will not run",
}
_OVER = frozenset({"ended", "cancelled"})
# Marketing's verdict decides the severity once it is given, so the advisory never disagrees with it.
READINESS_SEVERITY: dict[str, Severity] = {"blocked": "critical", "at_risk": "warning", "ready": "info"}
# How many SKUs, findings and reasons a summary names before "and N more".
SKUS_SHOWN = 20
FINDINGS_SHOWN = 5
REASONS_SHOWN = 5


@dataclass(frozen=True)
class Campaign:
    """What support knows about a campaign, learned from marketing's events."""

    id: str
    request_id: str | None
    name: str
    channels: list[str]
    items: list[dict[str, Any]]
    starts_at: datetime
    ends_at: datetime
    landing_url: str | None
    status: str
    readiness: str | None
    readiness_reasons: list[str]
    live_risks: list[str]
    updated_at: datetime
    ended_at: datetime | None = None

    @property
    def skus(self) -> list[str]:
        return [item["sku"] for item in self.items]


@dataclass(frozen=True)
class CampaignPicture:
    campaign_id: str
    name: str
    channels: list[str]
    starts_at: datetime
    ends_at: datetime
    landing_url: str | None
    expected_units: dict[str, int | None]
    status: str = "requested"
    readiness: str | None = None
    readiness_reasons: list[str] = field(default_factory=list)
    stock_items: list[StockItem] | None = None
    pages: list[CheckedPage] | None = None
    missing_product_pages: list[str] = field(default_factory=list)
    live_risks: list[str] = field(default_factory=list)
    ended_at: datetime | None = None

    @property
    def skus(self) -> list[str]:
        return list(self.expected_units)

    def units(self) -> list[int | None]:
        """Marketing's figure per SKU, else inventory's estimate from the stock check."""
        estimates = {i.sku: i.expected_units for i in self.stock_items or []}
        return [given if given is not None else estimates.get(sku)
                for sku, given in self.expected_units.items()]


def campaign_advisory(picture: CampaignPicture, contact_rate: float) -> AdvisoryDraft:
    stock = stock_findings(picture.stock_items or [])
    pages = page_findings(picture.pages or [], picture.missing_product_pages)
    severity = _severity(picture, stock + pages)
    contacts = expected_extra_contacts(picture.units(), contact_rate)
    troubled = [p.url for p in picture.pages or [] if p.health in ("broken", "degraded")]
    urls = list(dict.fromkeys([u for u in [picture.landing_url] if u] + troubled))
    return AdvisoryDraft(
        kind="campaign_launch", severity=severity, title=_title(picture, severity, stock, pages),
        summary=_summary(picture, stock, pages, contacts, contact_rate),
        skus=picture.skus, urls=urls, campaign_id=picture.campaign_id,
        expected_extra_contacts=contacts, valid_until=picture.ended_at or picture.ends_at,
    )


def _severity(picture: CampaignPicture, findings: list[Finding]) -> Severity:
    """Marketing's readiness verdict when there is one, else the worst finding of the checks; a
    live alert (newer than the verdict) makes it at least a warning."""
    verdict = READINESS_SEVERITY.get(picture.readiness or "")
    severity = verdict if verdict is not None else worst([f.severity for f in findings])
    return worst([severity, "warning"]) if picture.live_risks else severity


def _title(picture: CampaignPicture, severity: Severity, stock: list[Finding], pages: list[Finding]) -> str:
    title = _TITLES[picture.status].format(
        name=picture.name, starts=when(picture.starts_at), ends=when(picture.ends_at)
    )
    if picture.status not in _OVER:
        short = [f.subject for f in stock if f.severity == "critical"]
        if picture.readiness == "blocked" and not short:
            title += ": launch blocked by marketing's readiness check"
        elif short:
            title += f": stock short for {listing(short, 5)}"
        elif severity != "info":
            subjects = [f.subject for f in stock + pages if f.severity != "info"]
            title += f": at risk ({listing(subjects, 3)})" if subjects else ": at risk"
    return clip(title)


def _summary(
    picture: CampaignPicture, stock: list[Finding], pages: list[Finding],
    contacts: int | None, contact_rate: float,
) -> str:
    happening = _HAPPENING[picture.status].format(name=picture.name)
    lines = [
        f"What is happening: {happening} on {listing(picture.channels) or 'no channel yet'}, "
        f"from {when(picture.starts_at)} to {when(picture.ends_at)}, for {len(picture.skus)} "
        f"product(s): {listing(picture.skus, SKUS_SHOWN)}."
        + (f" Landing page: {picture.landing_url}." if picture.landing_url else ""),
    ]
    if picture.status not in _OVER:
        lines.append(_contacts_line(picture, contacts, contact_rate))
        lines.append(_check_line("Stock", picture.stock_items is None, stock, "every product is covered"))
        lines.append(_check_line("Pages", picture.pages is None, pages, "every page is healthy"))
    if picture.readiness:
        reasons = (f": {first_of(picture.readiness_reasons, REASONS_SHOWN)}"
                   if picture.readiness_reasons else "")
        lines.append(f"Marketing's readiness verdict: {picture.readiness}{reasons}.")
    if picture.live_risks and picture.status not in _OVER:
        lines.append(f"Live alerts: {first_of(picture.live_risks, REASONS_SHOWN)}.")
    lines.append(f"What to tell customers: {_advice(picture, stock, pages)}")
    return "\n".join(lines)


def _contacts_line(picture: CampaignPicture, contacts: int | None, contact_rate: float) -> str:
    if contacts is None:
        return "Extra contacts to expect: unknown until a unit forecast is known."
    total = sum(u for u in picture.units() if u is not None)
    return (f"Extra contacts to expect: about {contacts} ({contact_rate * 100:g}% of the {total} "
            "units expected to sell).")


def _check_line(name: str, pending: bool, findings: list[Finding], all_good: str) -> str:
    if pending:
        return f"{name}: check still running."
    if not findings:
        return f"{name}: {all_good}."
    return f"{name}: " + first_of([f"{f.subject} {f.problem}" for f in findings], FINDINGS_SHOWN) + "."


def _advice(picture: CampaignPicture, stock: list[Finding], pages: list[Finding]) -> str:
    if picture.status == "cancelled":
        return "the offer was withdrawn and will not run; campaign prices do not apply."
    if picture.status == "ended":
        return "the offer is over; campaign prices no longer apply to new orders."
    if picture.status == "paused":
        return "the offer is paused for now; do not promise campaign prices until it resumes."
    advice = (f"the offer runs from {when(picture.starts_at)} to {when(picture.ends_at)} "
              "on the listed products.")
    limited = [f.subject for f in stock if f.severity in ("critical", "warning")]
    if limited:
        advice += (f" Stock of {listing(limited)} is limited: offer back-in-stock notifications or "
                   "alternatives and do not promise delivery dates for them.")
    if any(f.severity != "info" for f in pages):
        advice += " If a page does not work for them, take the order by phone or chat."
    return advice
