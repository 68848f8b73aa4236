"""One page per URL however it is spelled, 201 on create and 200 on update, no whitespace-only text,
no numbers taken for timestamps, and existing rows merged by the URL migration."""

import asyncio
import uuid
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import select

from services.content import tables
from shared.db import create_engine
from shared.migrate import alembic_config
from tests.support.apps import auth


async def test_spellings_of_one_url_are_one_page_created_once(start_service, site):
    content = await start_service("content", recheck_interval_seconds=0)
    base = site.url("/p/x")
    spellings = [base, base + "/", base + "?", base + "#top", base.replace("http://", "HTTP://") + "/?#"]
    answers = [await content.client.put("/v1/pages", json={"url": url, "kind": "product", "sku": "SKU-X"},
                                        headers=auth("content")) for url in spellings]
    assert [answer.status_code for answer in answers] == [201, 200, 200, 200, 200]
    assert {answer.json()["id"] for answer in answers} == {answers[0].json()["id"]}
    assert {answer.json()["url"] for answer in answers} == {base}
    other = await content.client.put("/v1/pages", json={"url": base + "?colour=red", "kind": "product"},
                                     headers=auth("content"))
    assert other.status_code == 201
    root = await content.client.put("/v1/pages", json={"url": f"http://127.0.0.1:{site.port}", "kind": "other"},
                                    headers=auth("content"))
    assert root.json()["url"] == f"http://127.0.0.1:{site.port}/"
    listed = (await content.client.get("/v1/pages", headers=auth("storefront"))).json()["items"]
    assert sorted(page["url"] for page in listed) == sorted([base, base + "?colour=red", root.json()["url"]])


async def test_whitespace_text_and_loosely_typed_values_are_refused_and_change_nothing(start_service, site):
    content = await start_service("content", recheck_interval_seconds=0)
    body = {"url": site.url("/p/typed"), "kind": "product", "title": "Typed"}
    page = (await content.client.put("/v1/pages", json=body, headers=auth("content"))).json()
    for bad in ({**body, "title": "   "}, {**body, "title": "\t\n"}, {**body, "last_updated_at": 5},
                {**body, "last_updated_at": True}, {**body, "sku": 5}, {**body, "kind": 1}):
        response = await content.client.put("/v1/pages", json=bad, headers=auth("content"))
        assert response.status_code == 422, bad
        assert response.headers["content-type"].startswith("application/problem+json")
    stored = (await content.client.get(f"/v1/pages/{page['id']}", headers=auth("content"))).json()
    assert stored["title"] == "Typed"
    for bad_list in ({"page_ids": [5]}, {"page_ids": "x"}):
        assert (await content.client.post("/v1/crawls", json=bad_list, headers=auth("content"))).status_code == 422
    for bad_limit in ("0", "201", "true"):
        listed = await content.client.get(f"/v1/tasks?limit={bad_limit}", headers=auth("content"))
        assert listed.status_code == 422


async def test_the_url_migration_merges_pages_spelled_differently(new_database):
    url = await new_database("content")
    config = alembic_config("content", url)
    await asyncio.to_thread(command.upgrade, config, "9d3f2a7c4e33")
    engine = create_engine(url)
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    ids = [str(uuid.uuid4()) for _ in range(4)]
    spellings = ["https://Shop.example:443/p/x/", "https://shop.example/p/x", "https://shop.example/p/x?",
                 "https://shop.example/p/y/"]
    async with engine.begin() as connection:
        for page_id, spelling in zip(ids, spellings, strict=True):
            await connection.execute(tables.pages.insert().values(
                id=page_id, url=spelling, kind="product", health="broken", issues=[], created_at=stamp,
                updated_at=stamp))
        for number, (kind, page_id) in enumerate([("fix_broken_page", ids[0]), ("fix_broken_page", ids[1]),
                                                  ("refresh_stale_page", ids[2])]):
            await connection.execute(tables.tasks.insert().values(
                id=f"task-{number}", kind=kind, subject=f"page:{page_id}", page_id=page_id, status="open",
                details={}, created_at=stamp, updated_at=stamp))
        await connection.execute(tables.tasks.insert().values(
            id="task-url", kind="retire_campaign_page", subject="url:https://SHOP.example/lp/", status="open",
            details={}, created_at=stamp, updated_at=stamp))
    await asyncio.to_thread(command.upgrade, config, "head")
    async with engine.connect() as connection:
        pages = {row.url: row.id for row in await connection.execute(select(tables.pages))}
        task_rows = {row.id: row for row in await connection.execute(select(tables.tasks))}
    await engine.dispose()
    assert pages == {"https://shop.example/p/x": ids[1], "https://shop.example/p/y": ids[3]}
    assert {task_id: (row.page_id, row.status) for task_id, row in task_rows.items() if row.page_id} == {
        "task-0": (ids[0], "done"), "task-1": (ids[1], "open"), "task-2": (ids[1], "open")}
    assert task_rows["task-url"].subject == "url:https://shop.example/lp"
