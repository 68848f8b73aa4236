"""The live-campaign guard: which stock-outs and broken pages put a campaign at risk."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.marketing.domain.pages import describe_issues, describe_page
from services.marketing.domain.status import Status

SKU_DEPLETED = "sku_depleted"
PAGE_BROKEN = "page_broken"


@dataclass(frozen=True)
class Risk:
    cause: str
    cause_key: str
    sku: str | None
    reason: str


def depletion_risk(sku: str) -> Risk:
    return Risk(SKU_DEPLETED, sku, sku, f"{sku} is sold out in every warehouse")


def broken_page_risk(url: str, kind: str, sku: str | None, issues: Iterable[str]) -> Risk:
    page_name = describe_page(url, kind, sku)
    reason = f"{page_name[0].upper()}{page_name[1:]} is broken: {describe_issues(issues)}"
    return Risk(PAGE_BROKEN, url, sku if kind == "product" else None, reason)


def recovery(risk: Risk) -> str:
    """What changed when a risk clears, in words that do not read as if it were still true."""
    if risk.cause == SKU_DEPLETED:
        return f"{risk.cause_key} is back in stock"
    return f"{risk.cause_key} works again"


def page_concerns_campaign(
    url: str, kind: str, sku: str | None, landing_url: str | None, skus: Iterable[str]
) -> bool:
    """The campaign's landing page, or the product page of one of its SKUs."""
    if landing_url is not None and url == landing_url:
        return True
    return kind == "product" and sku is not None and sku in set(skus)


def should_auto_pause(
    status: Status, auto_pause_on_stockout: bool, skus: Iterable[str], depleted: Iterable[str]
) -> bool:
    """Pause only a live campaign that asks for it, once every one of its SKUs is sold out."""
    campaign_skus = set(skus)
    return (
        status is Status.LIVE and auto_pause_on_stockout
        and bool(campaign_skus) and campaign_skus <= set(depleted)
    )


AUTO_PAUSE_REASON = "every SKU of the campaign is sold out"


def affected_skus(risk_skus: Iterable[str | None], campaign_skus: Iterable[str]) -> list[str]:
    """The campaign SKUs its risks concern; a broken landing page concerns all of them."""
    concerned = list(risk_skus)
    if any(sku is None for sku in concerned):
        return list(campaign_skus)
    return [sku for sku in campaign_skus if sku in set(concerned)]
