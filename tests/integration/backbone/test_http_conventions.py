"""HTTP conventions of SPEC 3 as every service inherits them."""

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select, text

from shared.settings import ServiceSettings
from tests.integration.backbone.probe_service import probe_settings, run_probe, things
from tests.support.apps import auth

PROBLEM = "application/problem+json"


def _is_problem(response, status):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    return body


async def test_every_error_path_answers_problem_json(probe):
    client = probe.client
    thing = {"name": "lamp", "quantity": 3}
    _is_problem(await client.post("/v1/things", json=thing), 401)
    _is_problem(await client.post("/v1/things", json=thing, headers={"Authorization": "Bearer nope"}), 401)
    _is_problem(await client.post("/v1/things", json=thing, headers=auth("storefront")), 403)
    invalid = _is_problem(
        await client.post("/v1/things", json={"name": "", "quantity": 0}, headers=auth("inventory")), 422
    )
    assert {e["field"] for e in invalid["errors"]} == {"body.name", "body.quantity"}
    _is_problem(await client.post("/v1/things", content=b"{not json", headers={
        **auth("inventory"), "content-type": "application/json"}), 422)
    assert (await client.post("/v1/things", json=thing, headers=auth("inventory"))).status_code == 201
    conflict = _is_problem(await client.post("/v1/things", json=thing, headers=auth("admin")), 409)
    assert "lamp" in conflict["detail"]
    _is_problem(await client.get("/v1/no-such-route"), 404)
    _is_problem(await client.delete("/v1/things", headers=auth("admin")), 405)
    huge = {"name": "x" * 2_000_000, "quantity": 1}
    _is_problem(await client.post("/v1/things", json=huge, headers=auth("inventory")), 413)
    crash = _is_problem(await client.get("/v1/explode"), 500)
    assert "secret" not in crash["detail"] and "Traceback" not in crash["detail"]


async def test_same_idempotency_key_replays_the_first_response_and_does_nothing_twice(probe):
    headers = {**auth("inventory"), "Idempotency-Key": "order-42"}
    first = await probe.client.post("/v1/things", json={"name": "chair", "quantity": 2}, headers=headers)
    second = await probe.client.post("/v1/things", json={"name": "chair", "quantity": 2}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    different = await probe.client.post("/v1/things", json={"name": "chair", "quantity": 3}, headers=headers)
    _is_problem(different, 422)
    other_caller = await probe.client.post(
        "/v1/things", json={"name": "chair", "quantity": 2},
        headers={**auth("admin"), "Idempotency-Key": "order-42"},
    )
    assert other_caller.status_code == 409  # a different caller's key is its own: this runs again
    async with probe.backbone.engine.connect() as connection:
        outbox = probe.backbone.tables.outbox
        count = (await connection.execute(select(func.count()).select_from(outbox))).scalar_one()
    assert count == 1


async def test_correlation_id_is_echoed_sanitised_and_carried_into_events(probe):
    response = await probe.client.post(
        "/v1/things", json={"name": "desk", "quantity": 1},
        headers={**auth("inventory"), "X-Correlation-ID": "campaign-launch-7"},
    )
    assert response.headers["x-correlation-id"] == "campaign-launch-7"
    async with probe.backbone.engine.connect() as connection:
        outbox = probe.backbone.tables.outbox
        payload = (await connection.execute(select(outbox.c.payload))).scalar_one()
    assert b'"correlationid":"campaign-launch-7"' in payload
    hostile = await probe.client.get("/healthz", headers={"X-Correlation-ID": "x\tSet-Cookie: a=b" + "y" * 300})
    assert hostile.headers["x-correlation-id"] != "x\tSet-Cookie: a=b" + "y" * 300
    assert len(hostile.headers["x-correlation-id"]) <= 128


def test_production_mode_refuses_missing_or_dev_keys():
    with pytest.raises(ValidationError, match="needs API_KEYS"):
        ServiceSettings(app_env="production", api_keys="")
    with pytest.raises(ValidationError, match="refuses dev- API keys"):
        ServiceSettings(app_env="production", api_keys="dev-admin:admin")
    with pytest.raises(ValidationError, match="key:role"):
        ServiceSettings(api_keys="k1:superuser")
    settings = ServiceSettings(app_env="production", api_keys="s3cret-key:admin")
    assert settings.parsed_api_keys() == {"s3cret-key": "admin"}


async def test_production_app_never_accepts_dev_keys(probe_url, broker, namespace):
    settings = probe_settings(
        probe_url, broker.bootstrap, namespace, app_env="production", api_keys="prod-key-1:inventory",
        run_background_tasks=False,
    )
    async with run_probe(settings) as service:
        refused = await service.client.post("/v1/things", json={"name": "a", "quantity": 1}, headers=auth("admin"))
        _is_problem(refused, 401)
        accepted = await service.client.post(
            "/v1/things", json={"name": "a", "quantity": 1}, headers={"Authorization": "Bearer prod-key-1"}
        )
        assert accepted.status_code == 201


async def test_reordered_json_is_the_same_idempotent_request(probe):
    headers = {**auth("inventory"), "Idempotency-Key": "reordered-1"}
    first = await probe.client.post("/v1/things", content=b'{"name": "lamp", "quantity": 2}',
                                    headers={**headers, "Content-Type": "application/json"})
    again = await probe.client.post("/v1/things", content=b'{ "quantity":2,"name":"lamp" }',
                                    headers={**headers, "Content-Type": "application/json"})
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"


async def test_a_lock_timeout_is_a_503_with_retry_after_and_changes_nothing(probe_url, broker, namespace, db_kind):
    settings = probe_settings(probe_url, broker.bootstrap, namespace, database_lock_timeout_seconds=0.5,
                              run_background_tasks=False)
    async with run_probe(settings) as service:
        created = await service.client.post("/v1/things", json={"name": "held", "quantity": 1},
                                            headers=auth("inventory"))
        assert created.status_code == 201
        async with service.backbone.engine.connect() as holder:
            # Another transaction holds the lock this request needs, for longer than it may wait.
            if db_kind == "postgresql":
                await holder.execute(text("LOCK TABLE things IN ACCESS EXCLUSIVE MODE"))
            else:
                await holder.execute(things.update().values(quantity=5))
            refused = await service.client.post("/v1/things", json={"name": "other", "quantity": 1},
                                                headers=auth("inventory"))
            await holder.rollback()
        problem = _is_problem(refused, 503)
        assert refused.headers["retry-after"].isdigit()
        assert "nothing was changed" in problem["detail"]
        assert await service.count(things) == 1


async def test_request_metrics_count_each_route_template_method_and_status(probe):
    client = probe.client

    def count(metrics: str, method: str, route: str, status: int) -> float:
        line = f'http_requests_total{{method="{method}",route="{route}",status="{status}"}} '
        found = [row for row in metrics.splitlines() if row.startswith(line)]
        return float(found[0].removeprefix(line)) if found else 0.0

    before = (await client.get("/metrics")).text
    for _ in range(3):
        await client.post("/v1/things", json={"name": "x", "quantity": 1}, headers=auth("storefront"))
    await client.get("/v1/no-such-route")
    after = (await client.get("/metrics")).text
    assert count(after, "POST", "/v1/things", 403) - count(before, "POST", "/v1/things", 403) == 3
    assert count(after, "GET", "unmatched", 404) - count(before, "GET", "unmatched", 404) == 1
    assert 'http_request_duration_seconds_count{method="POST",route="/v1/things"}' in after
