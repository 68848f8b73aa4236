"""Quality alerts from support's return trends."""

from tests.integration.inventory.conftest import KEEPER
from tests.support.apps import auth
from tests.support.events import eventually, publish

TREND = "support.return.trend_detected.v1"


def _trend(sku: str, reason: str, lines: int, comments: list[str]) -> dict:
    return {"sku": sku, "reason": reason, "line_count": lines, "window_days": 7, "sample_comments": comments}


async def test_one_unresolved_alert_per_kind_and_sku_refreshed_by_each_trend(start_service, broker, namespace):
    inventory = await start_service("inventory")
    client = inventory.client

    async def alerts(query: str = "") -> list[dict]:
        response = await client.get(f"/v1/quality-alerts{query}", headers=auth("marketing"))
        assert response.status_code == 200, response.text
        return response.json()["items"]

    async def send(sku: str, reason: str, lines: int, comments: list[str]) -> None:
        await publish(broker.bootstrap, namespace, TREND, f"{reason}:{sku}", _trend(sku, reason, lines, comments))

    await send("Q-1", "damaged", 5, ["box crushed"])
    await send("Q-1", "not_as_described", 9, ["colour differs"])  # the content team's
    await send("Q-1", "wrong_item", 6, ["got size 40"])

    async def two_alerts() -> None:
        assert sorted(a["kind"] for a in await alerts()) == ["packaging", "picking"]

    await eventually(two_alerts)
    await send("Q-1", "damaged", 8, ["corner dented", "wet"])

    async def refreshed() -> None:
        [packaging] = await alerts("?kind=packaging")
        assert (packaging["trend_count"], packaging["line_count"]) == (2, 8)
        assert packaging["sample_comments"] == ["corner dented", "wet"]

    await eventually(refreshed)
    [packaging] = await alerts("?kind=packaging")
    assert (packaging["status"], packaging["sku"], packaging["return_reason"]) == ("open", "Q-1", "damaged")
    path = f"/v1/quality-alerts/{packaging['id']}"
    assert (await client.patch(path, headers=auth("support"), json={"status": "resolved"})).status_code == 403
    assert (await client.patch(path, headers=KEEPER, json={"status": "closed"})).status_code == 422
    assert (await client.patch(path, headers=KEEPER, json={"status": "open", "note": "  "})).status_code == 422
    working = await client.patch(path, headers=KEEPER, json={"status": "investigating", "note": "New cartons"})
    assert (working.json()["status"], working.json()["note"]) == ("investigating", "New cartons")
    await send("Q-1", "damaged", 9, ["still crushed"])

    async def still_one() -> None:
        [alert] = await alerts("?kind=packaging")
        assert (alert["trend_count"], alert["status"]) == (3, "investigating")

    await eventually(still_one)
    resolved = await client.patch(path, headers=KEEPER, json={"status": "resolved"})
    assert (resolved.json()["status"], resolved.json()["note"]) == ("resolved", "New cartons")
    again = await client.patch(path, headers=KEEPER, json={"status": "open"})
    assert (again.status_code, again.json()["current_status"]) == (409, "resolved")
    await send("Q-1", "damaged", 5, ["crushed again"])

    async def reopened_as_new() -> None:
        found = await alerts("?kind=packaging")
        assert sorted(a["status"] for a in found) == ["open", "resolved"]

    await eventually(reopened_as_new)
    assert len(await alerts("?status=open")) == 2  # the new packaging alert and the picking one
    first_page = (await client.get("/v1/quality-alerts?limit=2", headers=KEEPER)).json()
    rest = (await client.get(f"/v1/quality-alerts?limit=2&cursor={first_page['next_cursor']}",
                             headers=KEEPER)).json()
    assert len(first_page["items"]) + len(rest["items"]) == 3 and rest["next_cursor"] is None
    unknown = await client.patch("/v1/quality-alerts/00000000-0000-0000-0000-000000000000", headers=KEEPER,
                                 json={"status": "resolved"})
    assert unknown.status_code == 404
