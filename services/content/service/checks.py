"""Recording a page check: the stored health, broken/restored events on transitions, tasks."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Row

from services.content import domain, repository
from services.content.crawler.check import CheckResult, PageTarget
from shared.events.payloads.content import PageBroken, PageRestored
from shared.uow import UnitOfWork

BROKEN = "content.page.broken.v1"
RESTORED = "content.page.restored.v1"


def target_of(page: Row[Any]) -> PageTarget:
    return PageTarget(page.url, page.kind, page.last_updated_at)


async def record_check(uow: UnitOfWork, page: Row[Any], result: CheckResult) -> str:
    """Store a check; publish broken/restored on transitions and open the tasks it calls for.
    Returns the new health ("unknown" when the page was deleted meanwhile)."""
    previous = await repository.store_check(uow, page, result)
    if previous is None:
        return "unknown"
    health = result.health
    change = domain.transition(previous, health)
    if change.became_broken:
        uow.publish(BROKEN, page.id, PageBroken(
            page_id=page.id, url=page.url, kind=page.kind, sku=page.sku,
            issues=domain.issue_codes(result.issues),
        ))
    if change.restored:
        uow.publish(RESTORED, page.id, PageRestored(
            page_id=page.id, url=page.url, kind=page.kind, sku=page.sku,
        ))
    for kind in domain.tasks_for_check(health, result.issues):
        await repository.open_task(uow, kind, page_id=page.id, sku=page.sku, details={
            "url": page.url, "issues": domain.issue_codes(result.issues),
        })
    return health
