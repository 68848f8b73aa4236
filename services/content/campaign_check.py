"""The content check of a campaign: landing page and the product page of every SKU."""

from __future__ import annotations

from services.content import domain, repository
from services.content.crawler.check import PageTarget
from services.content.crawler.crawl import CrawlerConfig, check_pages
from services.content.crawls import target_of
from shared.events.payloads.content import CampaignCheckCompleted, CheckedPage
from shared.events.payloads.marketing import LaunchRequested
from shared.uow import UnitOfWork

COMPLETED = "content.campaign_check.completed.v1"


async def check_campaign(uow: UnitOfWork, config: CrawlerConfig, request: LaunchRequested) -> None:
    """Check the pages (network first, bounded by the fetch timeouts), then record and answer."""
    skus = list(dict.fromkeys(item.sku for item in request.items))
    product_rows = await repository.product_pages(uow, [sku for sku in skus if domain.is_valid_sku(sku)])
    covered = {row.sku for row in product_rows}
    missing = [sku for sku in skus if sku not in covered]
    targets = [target_of(row) for row in product_rows]
    landing = None
    landing_url = request.landing_url if domain.is_storable_url(request.landing_url) else None
    if landing_url:
        landing = await repository.page_by_url(uow, landing_url)
        targets.insert(0, target_of(landing) if landing else PageTarget(landing_url, "landing"))
    results = await check_pages(config, targets)

    checked: list[CheckedPage] = []
    rows = ([landing] if landing_url else []) + list(product_rows)
    for row, target, result in zip(rows, targets, results, strict=True):
        if row is not None:
            await repository.record_check(uow, row, result)
        checked.append(CheckedPage(
            url=target.url, kind=target.kind, sku=row.sku if row is not None else None,
            health=result.health, issues=domain.issue_codes(result.issues),
        ))
    for sku in filter(domain.is_valid_sku, missing):
        await repository.open_task(uow, "create_missing_page", sku=sku, details={
            "campaign_id": request.campaign_id, "campaign": request.name,
        })
    uow.publish(COMPLETED, request.campaign_id, CampaignCheckCompleted(
        campaign_id=request.campaign_id, request_id=request.request_id,
        overall=domain.campaign_verdict((page.health for page in checked), missing),
        pages=checked, missing_product_pages=missing,
    ))
