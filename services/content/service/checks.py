"""Recording a page check: the stored health, broken/restored events on transitions, tasks."""

from __future__ import annotations

from collections.abc import Sequence
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
    return (await record_checks(uow, [(page, result)]))[0]


async def record_checks(uow: UnitOfWork, checked: Sequence[tuple[Row[Any], CheckResult]]) -> list[str]:
    """`record_check` of each, in order, with a few statements for the whole batch."""
    previous: dict[str, str | None] = dict(await repository.store_checks(uow, checked))
    healths: list[str] = []
    for page, result in checked:
        before = previous.get(page.id)
        if before is None:
            healths.append("unknown")
            continue
        health = result.health
        previous[page.id] = health  # the same page twice in a batch: the second sees the first
        await _after_check(uow, page, result, before)
        healths.append(health)
    return healths


async def _after_check(uow: UnitOfWork, page: Row[Any], result: CheckResult, previous: str) -> None:
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
