"""Campaign HTTP API: validation, roles, editing, transitions (SPEC 3 and 6)."""

from datetime import UTC, datetime, timedelta

from tests.integration.marketing.story import MARKETING, Story, campaign_body
from tests.support.apps import auth

NOW = datetime.now(UTC)


def _items(count):
    return [{"sku": f"SKU-{index}"} for index in range(count)]


INVALID_BODIES = {
    "ends_at": campaign_body(ends_at=(NOW - timedelta(days=1)).isoformat(), starts_at=NOW.isoformat()),
    "ended already": campaign_body(
        starts_at=(NOW - timedelta(days=5)).isoformat(), ends_at=(NOW - timedelta(days=1)).isoformat()
    ),
    "blank name": campaign_body(name="   "),
    "no items": campaign_body(items=[]),
    "501 items": campaign_body(items=_items(501)),
    "repeated sku": campaign_body(items=[{"sku": "SKU-1"}, {"sku": "SKU-1"}]),
    "bad sku": campaign_body(items=[{"sku": "-bad sku"}]),
    "channel": campaign_body(channels=["billboard"]),
    "repeated channel": campaign_body(channels=["email", "email"]),
    "no channel": campaign_body(channels=[]),
    "discount": campaign_body(items=[{"sku": "SKU-1", "discount_pct": 91}]),
    "negative discount": campaign_body(items=[{"sku": "SKU-1", "discount_pct": -1}]),
    "units": campaign_body(items=[{"sku": "SKU-1", "expected_units": 0}]),
    "naive date": campaign_body(starts_at="2026-12-05T08:00:00"),
    "year 1": campaign_body(starts_at="0001-01-01T00:00:00+01:00"),
    "name": campaign_body(name="x" * 201),
    "landing url": campaign_body(landing_url="javascript:alert(1)"),
    "uplift": campaign_body(uplift=0),
    "unknown field": campaign_body(colour="red"),
}


async def test_invalid_campaigns_are_422_problems_naming_the_field(start_service):
    marketing = await start_service("marketing")
    client = marketing.client
    for case, body in INVALID_BODIES.items():
        response = await client.post("/v1/campaigns", json=body, headers=MARKETING)
        assert response.status_code == 422, (case, response.text)
        assert response.headers["content-type"] == "application/problem+json", case
        assert response.json()["errors"], case
    assert (await client.post("/v1/campaigns", content=b"{not json", headers=MARKETING)).status_code == 422
    assert (await client.post("/v1/campaigns", json=[1, 2], headers=MARKETING)).status_code == 422
    bad_reads = [
        "/v1/campaigns/not-a-uuid",
        "/v1/campaigns?status=sleeping",
        "/v1/campaigns?limit=0",
        "/v1/campaigns?cursor=%%%",
        "/v1/promotions",
        "/v1/promotions?sku=" + "x" * 65,
        f"/v1/campaigns/{'0' * 8}-0000-0000-0000-{'0' * 12}/timeline?cursor=WzFd0",
    ]
    for path in bad_reads:
        response = await client.get(path, headers=MARKETING)
        assert response.status_code in (404, 422), (path, response.text)
    for cursor in (
        "WzEwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDBd",
        "WyIwMDAxLTAxLTAxVDAwOjAwOjAwKzA1OjAwIiwgInoiXQ",
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwIiwgMV0",
        "WzEsIDJd",
    ):
        for path in ("/v1/campaigns", f"/v1/campaigns/{'0' * 8}-0000-0000-0000-{'0' * 12}/timeline"):
            response = await client.get(path, params={"cursor": cursor}, headers=MARKETING)
            assert response.status_code < 500, (path, cursor, response.text)
    listing = await client.get("/v1/campaigns", headers=MARKETING)
    assert listing.json() == {"items": [], "next_cursor": None}


async def test_roles_edits_and_illegal_transitions(start_service, broker, namespace):
    marketing = await start_service("marketing")
    client = marketing.client
    story = Story(marketing, broker.bootstrap, namespace)
    body = campaign_body()
    assert (await client.post("/v1/campaigns", json=body)).status_code == 401
    assert (await client.post("/v1/campaigns", json=body, headers=auth("storefront"))).status_code == 403
    created = await client.post("/v1/campaigns", json=body, headers={**MARKETING, "Idempotency-Key": "c-1"})
    replayed = await client.post("/v1/campaigns", json=body, headers={**MARKETING, "Idempotency-Key": "c-1"})
    assert created.status_code == replayed.status_code == 201
    assert replayed.json()["id"] == created.json()["id"]
    campaign_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert [i["sku"] for i in created.json()["items"]] == ["SKU-FULL", "SKU-THIN"]
    for role in ("storefront", "inventory", "support", "content"):
        assert (await client.get(f"/v1/campaigns/{campaign_id}", headers=auth(role))).status_code == 200

    paused = await client.post(f"/v1/campaigns/{campaign_id}/pause", headers=MARKETING)
    assert paused.status_code == 409
    assert "draft" in paused.json()["detail"]
    assert paused.json()["current_status"] == "draft"
    assert (await client.post(f"/v1/campaigns/{campaign_id}/launch", headers=MARKETING)).status_code == 409

    request_id = await story.request_launch(campaign_id)
    assert (await story.campaign(campaign_id))["request_id"] == request_id
    edit = {
        "ends_at": (NOW + timedelta(days=10)).isoformat(),
        "items": [{"sku": "SKU-NEW", "expected_units": 5}],
    }
    assert (
        await client.patch(f"/v1/campaigns/{campaign_id}", json=edit, headers=auth("content"))
    ).status_code == 403
    edited = await client.patch(f"/v1/campaigns/{campaign_id}", json=edit, headers=MARKETING)
    assert edited.status_code == 200, edited.text
    assert (edited.json()["status"], edited.json()["request_id"]) == ("draft", None)
    assert [i["sku"] for i in edited.json()["items"]] == ["SKU-NEW"]
    for bad_edit in ({}, {"name": None}, {"ends_at": (NOW - timedelta(days=3)).isoformat()}):
        response = await client.patch(f"/v1/campaigns/{campaign_id}", json=bad_edit, headers=MARKETING)
        assert response.status_code == 422, (bad_edit, response.text)
    readiness = await story.readiness(campaign_id)
    assert (readiness["readiness"], readiness["checks"]["inventory"]["status"]) == (None, "pending")

    cancelled = await client.post(
        f"/v1/campaigns/{campaign_id}/cancel", json={"reason": "Budget cut"}, headers=MARKETING
    )
    assert cancelled.json()["status"] == "cancelled"
    for action in ("cancel", "launch-request", "resume", "end"):
        refused = await client.post(f"/v1/campaigns/{campaign_id}/{action}", headers=MARKETING)
        assert refused.status_code == 409, action
        assert "cancelled" in refused.json()["detail"]
    refused_edit = await client.patch(
        f"/v1/campaigns/{campaign_id}", json={"name": "Late"}, headers=MARKETING
    )
    assert refused_edit.status_code == 409

    other = await story.create(name="Second")
    first_page = await client.get("/v1/campaigns", params={"limit": 1}, headers=auth("storefront"))
    assert [c["id"] for c in first_page.json()["items"]] == [other]
    second_page = await client.get(
        "/v1/campaigns",
        params={"limit": 1, "cursor": first_page.json()["next_cursor"]},
        headers=auth("storefront"),
    )
    assert [c["id"] for c in second_page.json()["items"]] == [campaign_id]
    only_cancelled = await client.get("/v1/campaigns", params={"status": "cancelled"}, headers=MARKETING)
    assert [c["id"] for c in only_cancelled.json()["items"]] == [campaign_id]
    kinds = [entry["kind"] for entry in await story.timeline(campaign_id)]
    assert kinds == ["created", "launch_requested", "readiness_changed", "edited", "cancelled"]
    pages, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (
            await client.get(f"/v1/campaigns/{campaign_id}/timeline", params=params, headers=MARKETING)
        ).json()
        pages.append([entry["kind"] for entry in page["items"]])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == [["created", "launch_requested"], ["readiness_changed", "edited"], ["cancelled"]]
