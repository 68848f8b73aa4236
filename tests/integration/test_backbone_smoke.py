from tests.support.apps import auth


async def test_service_boots_and_reports_ready(start_service):
    inventory = await start_service("inventory")
    response = await inventory.client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["database"] == "up"
    listing = await inventory.client.get("/v1/admin/dead-letters", headers=auth("admin"))
    assert listing.json() == {"items": [], "next_cursor": None}
