"""Returns `not_as_described` reach the content team (SPEC 13): a task to fix the SKU's product
page with the customers' comments, or to create the page; one open task per SKU, refreshed."""

from tests.support.apps import auth
from tests.support.events import eventually, publish

TREND = "support.return.trend_detected.v1"


def _trend(sku, reason, comments, line_count=5):
    return {"sku": sku, "reason": reason, "line_count": line_count, "window_days": 30,
            "sample_comments": comments}


async def _tasks(content, kind):
    response = await content.client.get(f"/v1/tasks?kind={kind}&limit=200", headers=auth("content"))
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_not_as_described_returns_open_one_description_task_per_sku(start_service, site, broker, namespace):
    content = await start_service("content", recheck_interval_seconds=0)
    page = (await content.client.put("/v1/pages", headers=auth("content"), json={
        "url": site.url("/products/healthy"), "kind": "product", "sku": "SKU-DESC"})).json()
    bootstrap = broker.bootstrap
    await publish(bootstrap, namespace, TREND, "SKU-DESC", _trend("SKU-DESC", "not_as_described",
                                                                  ["colour is not navy", "smaller"]))
    await publish(bootstrap, namespace, TREND, "SKU-NOPAGE", _trend("SKU-NOPAGE", "not_as_described",
                                                                    ["nothing like the photo"]))
    await publish(bootstrap, namespace, TREND, "SKU-DESC", _trend("SKU-DESC", "damaged", ["box crushed"]))

    async def opened():
        [fix] = await _tasks(content, "fix_product_description")
        assert (fix["page_id"], fix["sku"], fix["status"]) == (page["id"], "SKU-DESC", "open")
        assert fix["details"]["sample_comments"] == ["colour is not navy", "smaller"]
        [create] = await _tasks(content, "create_missing_page")
        assert (create["sku"], create["details"]["sample_comments"]) == ("SKU-NOPAGE", ["nothing like the photo"])

    await eventually(opened, timeout=30)
    first = (await _tasks(content, "fix_product_description"))[0]

    await publish(bootstrap, namespace, TREND, "SKU-DESC", _trend("SKU-DESC", "not_as_described",
                                                                  ["sleeves too short"], line_count=7))

    async def refreshed():
        [fix] = await _tasks(content, "fix_product_description")
        assert fix["id"] == first["id"]
        assert (fix["details"]["sample_comments"], fix["details"]["returned_lines"]) == (["sleeves too short"], 7)

    await eventually(refreshed, timeout=30)
    done = await content.client.patch(f"/v1/tasks/{first['id']}", json={"status": "done"}, headers=auth("content"))
    assert done.status_code == 200
    await publish(bootstrap, namespace, TREND, "SKU-DESC", _trend("SKU-DESC", "not_as_described", ["again"]))

    async def reopened():
        tasks = await _tasks(content, "fix_product_description")
        assert sorted(task["status"] for task in tasks) == ["done", "open"]

    await eventually(reopened, timeout=30)
    assert [task["kind"] for task in await _tasks(content, "out_of_stock_messaging")] == []
