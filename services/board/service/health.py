"""Reading each service's /readyz and /metrics into the board's backbone health table."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from services.board.repository import health
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class Target:
    service: str
    base_url: str
    client: httpx.AsyncClient


def metric_totals(text: str) -> dict[str, float]:
    """Sum of every sample of `dead_letters_total` and `consumer_lag` in Prometheus text."""
    totals = {"dead_letters": 0.0, "consumer_lag": 0.0}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "dead_letters_total":
                totals["dead_letters"] += sample.value
            elif sample.name == "consumer_lag":
                totals["consumer_lag"] += sample.value
    return totals


async def read_one(target: Target) -> dict[str, Any]:
    now = datetime.now(UTC)
    try:
        ready = await target.client.get(f"{target.base_url}/readyz")
        metrics = await target.client.get(f"{target.base_url}/metrics")
    except httpx.HTTPError as error:
        return {"reachable": False, "ready": False, "database": None, "broker": None, "outbox_backlog": None,
                "consumer_partitions": None, "consumer_lag": None, "dead_letters": None,
                "error": f"unreachable ({type(error).__name__})", "read_at": now}
    body = ready.json() if ready.headers.get("content-type", "").startswith("application/json") else {}
    totals = metric_totals(metrics.text) if metrics.is_success else {}
    return {
        "reachable": True, "ready": ready.status_code == 200, "database": body.get("database"),
        "broker": body.get("broker"), "outbox_backlog": body.get("outbox_backlog"),
        "consumer_partitions": body.get("consumer_partitions"),
        "consumer_lag": totals.get("consumer_lag"), "dead_letters": totals.get("dead_letters"),
        "error": None if ready.status_code == 200 else f"/readyz answered {ready.status_code}",
        "read_at": now,
    }


async def poll(new_uow: Callable[[], UnitOfWork], targets: list[Target]) -> None:
    readings = await asyncio.gather(*(read_one(target) for target in targets))
    async with new_uow() as uow:
        for target, reading in zip(targets, readings, strict=True):
            await health.record(uow, target.service, reading)
        await uow.commit()
