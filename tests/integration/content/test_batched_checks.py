"""Recording many checks in one transaction behaves as recording them one after another:
transitions, events, titles and tasks per page, a page twice in a batch, a deleted page skipped."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from services.content import repository, tables
from services.content.crawler.check import CheckResult
from services.content.domain import Issue
from services.content.handlers import handlers
from services.content.service.checks import BROKEN, RESTORED, record_checks
from services.content.settings import Settings
from shared.migrate import upgrade
from shared.runtime import Backbone


@pytest.fixture
async def backbone(new_database) -> AsyncIterator[Backbone]:
    url = await new_database("content")
    await asyncio.to_thread(upgrade, "content", url)
    settings = Settings(database_url=url, run_background_tasks=False)
    built = Backbone.build(settings, tables.backbone, handlers(settings))
    yield built
    await built.engine.dispose()


def _ok(url: str, title: str | None = "A title") -> CheckResult:
    return CheckResult(url, "product", [], 200, 0.05, title)


def _broken(url: str) -> CheckResult:
    return CheckResult(url, "product", [Issue("http_error", "HTTP 500", url)], 500, 0.05)


async def test_a_batch_records_each_check_as_if_alone(backbone):
    urls = [f"https://shop.example/products/p{n}" for n in range(4)]
    async with backbone.uow() as uow:
        for url in urls:
            await repository.insert_page_if_new(uow, url, "product")
        await uow.commit()
    async with backbone.uow() as uow:
        rows = await repository.pages_by_url(uow, urls)
        await repository.delete_page(uow, rows[urls[3]].id)
        healths = await record_checks(uow, [
            (rows[urls[0]], _ok(urls[0])), (rows[urls[1]], _broken(urls[1])),
            (rows[urls[2]], _broken(urls[2])), (rows[urls[2]], _ok(urls[2], None)),
            (rows[urls[3]], _ok(urls[3])),
        ])
        events = [(event.type, event.subject) for event in uow._events]
        await uow.commit()
    assert healths == ["ok", "broken", "broken", "ok", "unknown"]
    # p2 broke and was restored within the batch: both transitions are published, in order.
    assert events == [(BROKEN, rows[urls[1]].id), (BROKEN, rows[urls[2]].id), (RESTORED, rows[urls[2]].id)]
    async with backbone.uow(read_only=True) as uow:
        stored = {row.url: row for row in (await uow.execute(select(tables.pages))).all()}
        open_tasks = (await uow.execute(select(tables.tasks.c.kind, tables.tasks.c.page_id))).all()
    assert urls[3] not in stored
    assert (stored[urls[0]].health, stored[urls[0]].title, stored[urls[0]].status_code) == ("ok", "A title", 200)
    assert (stored[urls[1]].health, stored[urls[1]].status_code) == ("broken", 500)
    assert stored[urls[1]].issues == [{"code": "http_error", "detail": "HTTP 500", "url": urls[1]}]
    assert (stored[urls[2]].health, stored[urls[2]].title) == ("ok", None)
    assert {(kind, page_id) for kind, page_id in open_tasks} >= {("fix_broken_page", rows[urls[1]].id)}
