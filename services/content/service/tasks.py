"""Content tasks: listing and moving them, and the tasks other services' events open or close."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Row

from services.content import domain, repository
from services.content.schemas import TaskOut, TaskPatch
from shared.errors import NotFound
from shared.events.payloads.marketing import EndedOrCancelled
from shared.events.payloads.support import ReturnTrendDetected, TrendDetected
from shared.uow import UnitOfWork


def task_out(row: Row[Any]) -> TaskOut:
    return TaskOut.model_validate(row._mapping)


async def list_tasks(
    uow: UnitOfWork, limit: int, after_id: str | None, filters: Mapping[str, str]
) -> list[TaskOut]:
    return [task_out(row) for row in await repository.list_tasks(uow, limit, after_id, filters)]


async def move_task(uow: UnitOfWork, task_id: str, patch: TaskPatch) -> TaskOut:
    """Set the status (and assignee); a done task stays done."""
    row = await repository.task_by_id(uow, task_id)
    if row is None:
        raise NotFound(f"There is no task {task_id}.")
    domain.ensure_task_can_move(task_id, row.status, patch.status)
    await repository.update_task(uow, row.id, patch.status, patch.assignee)
    updated = await repository.task_by_id(uow, row.id)
    if updated is None:
        raise NotFound(f"Task {task_id} was deleted while it was updated.")
    return task_out(updated)


async def retire_campaign_page(uow: UnitOfWork, ended: EndedOrCancelled) -> None:
    if ended.landing_url is None or not domain.is_storable_url(ended.landing_url):
        return
    url = domain.normalise_url(ended.landing_url)
    page = await repository.page_by_url(uow, url)
    await repository.open_task(
        uow, "retire_campaign_page", page_id=page.id if page else None, url=url,
        details={"campaign_id": ended.campaign_id, "url": url},
    )


async def learn_sku(uow: UnitOfWork, sku: str) -> None:
    if domain.is_valid_sku(sku):
        await repository.learn_sku(uow, sku)


async def learn_skus(uow: UnitOfWork, skus: list[str]) -> None:
    """`learn_sku` for several SKUs at once."""
    await repository.learn_skus(uow, [sku for sku in skus if domain.is_valid_sku(sku)])


async def stock_depleted(uow: UnitOfWork, sku: str, since: datetime) -> None:
    """Remember the SKU is out of stock and ask for out-of-stock messaging on its pages."""
    if not domain.is_valid_sku(sku):
        return
    await repository.learn_sku(uow, sku)
    await repository.mark_out_of_stock(uow, sku, since)
    pages = await repository.product_pages(uow, [sku])
    await repository.open_task(uow, "out_of_stock_messaging", sku=sku, details={
        "urls": [page.url for page in pages],
    })


async def stock_replenished(uow: UnitOfWork, sku: str) -> None:
    await repository.clear_out_of_stock(uow, sku)
    await repository.close_tasks(uow, "out_of_stock_messaging", sku=sku)


async def answer_recurring_question(uow: UnitOfWork, trend: TrendDetected) -> None:
    sku = trend.sku if domain.is_valid_sku(trend.sku) else None
    url = domain.normalise_url(trend.url) if trend.url and domain.is_storable_url(trend.url) else None
    if not sku and not url:
        return
    page = None
    if url:
        page = await repository.page_by_url(uow, url)
    if page is None and sku:
        found = await repository.product_pages(uow, [sku])
        page = found[0] if found else None
    await repository.open_task(
        uow, "answer_recurring_question", page_id=page.id if page else None, sku=sku,
        url=url, refresh_details=True, details={
            "topic": trend.topic, "ticket_count": trend.ticket_count, "window_days": trend.window_days,
            "sample_questions": trend.sample_subjects[:20], "url": page.url if page else url,
        },
    )


async def take_return_trend(uow: UnitOfWork, trend: ReturnTrendDetected) -> None:
    """Returns `not_as_described` ask for a truer product page: a `fix_product_description` task on
    the SKU's product page with the customers' comments, or `create_missing_page` when it has none.
    One open task per SKU; a new trend refreshes its details. Other reasons are not content's."""
    if trend.reason != "not_as_described" or not domain.is_valid_sku(trend.sku):
        return
    details: dict[str, Any] = {
        "return_reason": trend.reason, "returned_lines": trend.line_count, "window_days": trend.window_days,
        "sample_comments": [domain.printable(comment)[:500] for comment in trend.sample_comments[:20]],
    }
    pages = await repository.product_pages(uow, [trend.sku])
    if pages:
        await repository.open_task(uow, "fix_product_description", page_id=pages[0].id, sku=trend.sku,
                                   refresh_details=True, details={**details, "url": pages[0].url})
    else:
        await repository.open_task(uow, "create_missing_page", sku=trend.sku, refresh_details=True,
                                   details=details)
