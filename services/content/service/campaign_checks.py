"""The content check of a campaign: landing page and the product page of every SKU.

`launch_requested` only records a pending check (in the event's transaction); the background
worker claims it, fetches the pages with no transaction open (no SQLite write lock is held while
a slow page answers, and a redelivered event fetches nothing again), then records the results
against the pages as they are at that moment and answers, in one short transaction."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.content import domain, repository
from services.content.crawler.check import CheckResult, PageTarget
from services.content.crawler.crawl import CrawlerConfig, check_pages
from services.content.service.checks import record_checks, target_of
from services.content.service.crawls import UnitsOfWork
from shared import context
from shared.events.payloads.content import CampaignCheckCompleted, CheckedPage
from shared.events.payloads.marketing import LaunchRequested
from shared.tracing import SpanKind, context_from, current_traceparent, span
from shared.uow import UnitOfWork

log = logging.getLogger(__name__)

COMPLETED = "content.campaign_check.completed.v1"
WAKE_UP = "campaign_checks"


@dataclass(frozen=True)
class ClaimedCheck:
    id: str
    attempt: int
    request: LaunchRequested
    correlation_id: str | None = None
    traceparent: str | None = None


@dataclass(frozen=True)
class CampaignPage:
    target: PageTarget
    sku: str | None


@dataclass(frozen=True)
class CampaignPages:
    pages: list[CampaignPage]
    missing: list[str]


@dataclass(frozen=True)
class PageChecked:
    target: PageTarget
    sku: str | None
    result: CheckResult


async def request_campaign_check(uow: UnitOfWork, check_id: str, request: LaunchRequested,
                                 requested_at: datetime) -> None:
    """Record a pending check; the worker is woken once this commits."""
    # The answer continues the launch request's correlation and trace (kept with the request).
    stored = {**request.model_dump(mode="json"), "_context": {
        "correlation_id": context.correlation_id.get(), "traceparent": current_traceparent()}}
    await repository.insert_campaign_check(uow, check_id, request.campaign_id, request.request_id,
                                           stored, requested_at)
    uow.signal_after_commit(WAKE_UP)


async def claim_campaign_checks(
    uow: UnitOfWork, limit: int, claim_timeout_seconds: float
) -> list[ClaimedCheck]:
    """Claim up to `limit` checks to run; a claim older than the timeout is taken over."""
    stale_before = repository.now() - timedelta(seconds=claim_timeout_seconds)
    rows = await repository.claim_campaign_checks(uow, limit, stale_before)
    return [ClaimedCheck(str(row.id), int(row.attempts), LaunchRequested.model_validate(row.request),
                         (row.request.get("_context") or {}).get("correlation_id"),
                         (row.request.get("_context") or {}).get("traceparent"))
            for row in rows]


async def campaign_pages(uow: UnitOfWork, request: LaunchRequested) -> CampaignPages:
    """The pages to check: the landing URL first, then the product page of every SKU."""
    skus = list(dict.fromkeys(item.sku for item in request.items))
    landing_url = request.landing_url if domain.is_storable_url(request.landing_url) else None
    landing_url = domain.normalise_url(landing_url) if landing_url else None
    product_rows = await repository.product_pages(uow, [sku for sku in skus if domain.is_valid_sku(sku)])
    landing = await repository.page_by_url(uow, landing_url) if landing_url else None
    covered = {row.sku for row in product_rows}
    pages = [CampaignPage(target_of(row), row.sku) for row in product_rows]
    if landing_url:
        landing_target = target_of(landing) if landing else PageTarget(landing_url, "landing")
        pages.insert(0, CampaignPage(landing_target, None))
    return CampaignPages(pages, [sku for sku in skus if sku not in covered])


async def record_campaign_check(uow: UnitOfWork, claimed: ClaimedCheck, checked: list[PageChecked],
                                missing: list[str]) -> None:
    """Store each result on its page (when registered), open missing-page tasks, answer; nothing
    when another attempt has taken this check over."""
    if not await repository.finish_campaign_check(uow, claimed.id, claimed.attempt, "done"):
        return
    request = claimed.request
    rows = await repository.pages_by_url(uow, [page.target.url for page in checked])
    for page in checked:
        if page.target.url not in rows and page.sku is None and page.result.health == "broken":
            # An unregistered broken landing page is registered, so its fix_broken_page task is
            # opened and the periodic re-check (and the live-campaign guard) watch it from now on.
            await repository.insert_page_if_new(uow, page.target.url, page.target.kind)
            registered = await repository.page_by_url(uow, page.target.url)
            if registered is not None:
                rows[page.target.url] = registered
    await record_checks(uow, [(rows[page.target.url], page.result) for page in checked
                              if page.target.url in rows])
    for sku in filter(domain.is_valid_sku, missing):
        await repository.open_task(uow, "create_missing_page", sku=sku, details={
            "campaign_id": request.campaign_id, "campaign": request.name,
        })
    answered = [
        CheckedPage(url=page.target.url, kind=page.target.kind, sku=page.sku, health=page.result.health,
                    issues=domain.issue_codes(page.result.issues))
        for page in checked
    ]
    uow.publish(COMPLETED, request.campaign_id, CampaignCheckCompleted(
        campaign_id=request.campaign_id, request_id=request.request_id,
        overall=domain.campaign_verdict((page.health for page in answered), missing),
        pages=answered, missing_product_pages=missing,
    ))


async def _check_while_current(
    new_uow: UnitsOfWork, config: CrawlerConfig, claimed: ClaimedCheck, targets: list[PageTarget],
    watch_seconds: float,
) -> list[CheckResult] | None:
    """The pages' results; None (the fetching stopped) once a newer launch request of the
    campaign superseded this check, or another attempt took it over."""
    fetching = asyncio.create_task(check_pages(config, targets))
    try:
        while True:
            done, _ = await asyncio.wait({fetching}, timeout=watch_seconds)
            if done:
                return fetching.result()
            async with new_uow(read_only=True) as uow:
                if not await repository.is_current(uow, claimed.id, claimed.attempt):
                    return None
    finally:
        if not fetching.done():
            fetching.cancel()
            await asyncio.gather(fetching, return_exceptions=True)


async def run_campaign_check(new_uow: UnitsOfWork, config: CrawlerConfig, claimed: ClaimedCheck,
                             watch_seconds: float = 5.0) -> None:
    """Find the pages, check them over the network (no transaction open), record and answer;
    every `watch_seconds` the check makes sure it is still wanted, and stops when it is not.
    A check interrupted by a shutdown is handed back for the next claim; one that fails stays
    claimed until its claim times out, then it is retried."""
    try:
        async with new_uow(read_only=True) as uow:
            found = await campaign_pages(uow, claimed.request)
        results = await _check_while_current(new_uow, config, claimed, [page.target for page in found.pages],
                                             watch_seconds)
        if results is None:
            log.info("campaign check %s superseded; stopped", claimed.id)
            return
        checked = [PageChecked(page.target, page.sku, result)
                   for page, result in zip(found.pages, results, strict=True)]
        correlation = context.correlation_id.set(claimed.correlation_id)
        causation = context.causation_id.set(claimed.id)  # the launch request's event id
        try:
            with span("content campaign check", SpanKind.CONSUMER, context_from(claimed.traceparent)):
                async with new_uow() as uow:
                    await record_campaign_check(uow, claimed, checked, found.missing)
                    await uow.commit()
        finally:
            context.causation_id.reset(causation)
            context.correlation_id.reset(correlation)
    except asyncio.CancelledError:
        async with new_uow() as uow:
            await repository.release_campaign_check(uow, claimed.id, claimed.attempt)
            await uow.commit()
        raise
