"""The content check of a campaign: landing page and the product page of every SKU.

The pages are fetched before the event's transaction opens (bounded by the fetch timeouts); the
results are then recorded against the pages as they are at that moment, and answered."""

from __future__ import annotations

from dataclasses import dataclass

from services.content import domain, repository
from services.content.crawler.check import CheckResult, PageTarget
from services.content.crawler.crawl import CrawlerConfig, check_pages
from services.content.crawls import target_of
from shared.events import Envelope
from shared.events.payloads.content import CampaignCheckCompleted, CheckedPage
from shared.events.payloads.marketing import LaunchRequested
from shared.inbox import PreparedHandler, ReadOnlyUnits
from shared.uow import UnitOfWork

COMPLETED = "content.campaign_check.completed.v1"


@dataclass(frozen=True)
class PageChecked:
    target: PageTarget
    sku: str | None
    result: CheckResult


@dataclass(frozen=True)
class CampaignChecked:
    request: LaunchRequested
    pages: list[PageChecked]
    missing: list[str]


async def fetch_campaign_pages(config: CrawlerConfig, request: LaunchRequested,
                               read: ReadOnlyUnits) -> CampaignChecked:
    """Find the campaign's pages, then check them over the network (no transaction open)."""
    skus = list(dict.fromkeys(item.sku for item in request.items))
    landing_url = request.landing_url if domain.is_storable_url(request.landing_url) else None
    async with read() as uow:
        product_rows = await repository.product_pages(uow, [sku for sku in skus if domain.is_valid_sku(sku)])
        landing = await repository.page_by_url(uow, landing_url) if landing_url else None
    covered = {row.sku for row in product_rows}
    targets: list[tuple[PageTarget, str | None]] = [(target_of(row), row.sku) for row in product_rows]
    if landing_url:
        targets.insert(0, (target_of(landing) if landing else PageTarget(landing_url, "landing"), None))
    results = await check_pages(config, [target for target, _ in targets])
    checked = [PageChecked(target, sku, result)
               for (target, sku), result in zip(targets, results, strict=True)]
    return CampaignChecked(request, checked, [sku for sku in skus if sku not in covered])


async def record_campaign_check(uow: UnitOfWork, checked: CampaignChecked) -> None:
    """Store each result on its page (when registered), open missing-page tasks, answer."""
    request = checked.request
    for page in checked.pages:
        row = await repository.page_by_url(uow, page.target.url)
        if row is not None:
            await repository.record_check(uow, row, page.result)
    for sku in filter(domain.is_valid_sku, checked.missing):
        await repository.open_task(uow, "create_missing_page", sku=sku, details={
            "campaign_id": request.campaign_id, "campaign": request.name,
        })
    answered = [
        CheckedPage(url=page.target.url, kind=page.target.kind, sku=page.sku, health=page.result.health,
                    issues=domain.issue_codes(page.result.issues))
        for page in checked.pages
    ]
    uow.publish(COMPLETED, request.campaign_id, CampaignCheckCompleted(
        campaign_id=request.campaign_id, request_id=request.request_id,
        overall=domain.campaign_verdict((page.health for page in answered), checked.missing),
        pages=answered, missing_product_pages=checked.missing,
    ))


def campaign_checker(config: CrawlerConfig) -> PreparedHandler[CampaignChecked]:
    async def prepare(event: Envelope, read: ReadOnlyUnits) -> CampaignChecked:
        return await fetch_campaign_pages(config, event.payload(LaunchRequested), read)

    async def apply(_: Envelope, uow: UnitOfWork, checked: CampaignChecked) -> None:
        await record_campaign_check(uow, checked)

    return PreparedHandler(prepare, apply)
