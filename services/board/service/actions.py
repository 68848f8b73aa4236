"""What a person does on the board, performed by the owning service through its public API."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from services.board import domain
from services.board.service.accounts import Session
from services.board.service.clients import Answer, ServiceClients


async def campaign_action(
    clients: ServiceClients, session: Session, campaign_id: str, action: str, override_reason: str | None,
) -> Answer:
    chosen = domain.campaign_action(action)
    if chosen is None:
        return Answer(False, 404, f"There is no campaign action {action!r}.")
    if chosen.needs_reason and not (override_reason or "").strip():
        return Answer(False, 422, "A forced launch needs a reason.")
    path = "launch" if chosen.name == "force-launch" else chosen.name
    body = {"override_reason": override_reason.strip()} if chosen.needs_reason and override_reason else None
    answer = await clients.call("marketing", "POST", f"/v1/campaigns/{campaign_id}/{path}", session.api_key,
                                json=body)
    return _worded(answer, f"{chosen.label}: done.")


async def acknowledge_advisory(clients: ServiceClients, session: Session, advisory_id: str) -> Answer:
    answer = await clients.call("support", "POST", f"/v1/advisories/{advisory_id}/acknowledge",
                                session.api_key)
    return _worded(answer, "Advisory acknowledged.")


async def take_task(clients: ServiceClients, session: Session, task_id: str) -> Answer:
    answer = await clients.call("content", "PATCH", f"/v1/tasks/{task_id}", session.api_key,
                                json={"status": "in_progress", "assignee": session.role})
    return _worded(answer, "Task taken.")


async def close_task(clients: ServiceClients, session: Session, task_id: str) -> Answer:
    answer = await clients.call("content", "PATCH", f"/v1/tasks/{task_id}", session.api_key,
                                json={"status": "done"})
    return _worded(answer, "Task closed.")


async def receive_stock(
    clients: ServiceClients, session: Session, sku: str, warehouse: str, qty: int,
) -> Answer:
    answer = await clients.call("inventory", "POST", "/v1/stock/movements", session.api_key,
                                json={"sku": sku, "warehouse": warehouse, "delta": qty, "reason": "receipt"})
    return _worded(answer, f"Received {qty} units of {sku} in {warehouse}.")


async def lookup_order(clients: ServiceClients, session: Session, order_ref: str) -> Answer:
    """Support's view of the order (it keeps one from inventory's events), or why there is none."""
    answer = await clients.call("support", "GET", f"/v1/orders/{quote(order_ref, safe='')}", session.api_key)
    if answer.status == 404:
        return Answer(False, 404, f"No order {order_ref} known to support")
    if answer.ok and not isinstance(answer.body, dict):
        return Answer(False, answer.status, "support answered without an order")
    return answer


async def open_tasks(clients: ServiceClients, session: Session) -> tuple[list[dict[str, Any]], str | None]:
    """Content's open and in-progress tasks, or why they could not be read."""
    found: list[dict[str, Any]] = []
    for status in ("open", "in_progress"):
        answer = await clients.call("content", "GET", "/v1/tasks", session.api_key,
                                    params={"status": status, "limit": "100"})
        if not answer.ok:
            return found, _unreachable("content", answer)
        found += [item for item in answer.body.get("items", []) if isinstance(item, dict)]
    return found, None


async def active_advisories(
    clients: ServiceClients, session: Session,
) -> tuple[list[dict[str, Any]], str | None]:
    answer = await clients.call("support", "GET", "/v1/advisories", session.api_key,
                                params={"active": "true", "limit": "100"})
    if not answer.ok:
        return [], _unreachable("support", answer)
    return [item for item in answer.body.get("items", []) if isinstance(item, dict)], None


def _unreachable(service: str, answer: Answer) -> str:
    return f"could not reach {service}: {answer.text}" if answer.status is None else \
        f"could not read from {service}: {answer.text}"


def _worded(answer: Answer, success: str) -> Answer:
    return Answer(True, answer.status, success, answer.body) if answer.ok else answer
