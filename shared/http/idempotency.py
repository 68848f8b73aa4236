"""`Idempotency-Key` for POSTs (SPEC 3): same key and body replay the first response."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.db import insert_ignoring_conflicts
from shared.http.middleware import header_value as _header
from shared.http.problems import problem_response
from shared.tables import BackboneTables

_VALID_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, engine: AsyncEngine, tables: BackboneTables, ttl_hours: float) -> None:
        self.app = app
        self.engine = engine
        self.table = tables.idempotency
        self.ttl = timedelta(hours=ttl_hours)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, b"idempotency-key")
        if scope["type"] != "http" or scope["method"] != "POST" or key is None:
            await self.app(scope, receive, send)
            return
        if not _VALID_KEY.match(key):
            await problem_response(
                422, "Invalid request", "Idempotency-Key must be 1 to 200 visible ASCII characters.",
                "validation",
            )(scope, receive, send)
            return
        body, more_body = await _read_body(receive)
        if more_body is not None:
            await self.app(scope, more_body, send)
            return
        scoped_key = _scoped_key(scope, key)
        request_hash = _body_hash(body)
        stored = await self._claim(scoped_key, request_hash)
        if stored is not None:
            await self._answer_from(stored, request_hash, scope, receive, send)
            return
        await self._run_and_store(scope, body, send, scoped_key)

    async def _claim(self, scoped_key: str, request_hash: str) -> dict[str, object] | None:
        """Insert a placeholder for a new key; return the stored row for a known one."""
        now = datetime.now(UTC)
        async with self.engine.begin() as connection:
            await connection.execute(
                delete(self.table)
                .where(self.table.c.key == scoped_key, self.table.c.created_at < now - self.ttl)
            )
            claimed = await connection.execute(insert_ignoring_conflicts(
                self.table, self.engine.dialect.name,
                {"key": scoped_key, "request_hash": request_hash, "created_at": now},
            ))
            if claimed.rowcount:
                return None
            row = (await connection.execute(
                select(self.table).where(self.table.c.key == scoped_key)
            )).mappings().first()
        return dict(row) if row else {"request_hash": request_hash, "status_code": None}

    async def _answer_from(
        self, stored: dict[str, object], request_hash: str, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if stored["request_hash"] != request_hash:
            response = problem_response(
                422, "Idempotency key reused", "This Idempotency-Key was used with a different body.",
                "idempotency-key-reused",
            )
        elif stored["status_code"] is None:
            response = problem_response(
                409, "Request in progress",
                "A request with this Idempotency-Key is still running; retry shortly.",
                "idempotency-in-progress",
            )
            response.headers["Retry-After"] = "1"
        else:
            await _replay(stored, send)
            return
        await response(scope, receive, send)

    async def _run_and_store(self, scope: Scope, body: bytes, send: Send, scoped_key: str) -> None:
        start: Message = {}
        chunks: list[bytes] = []
        delivered = False

        async def replay_body() -> Message:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay_body, capture)
        finally:
            await self._store(scoped_key, start, b"".join(chunks))

    async def _store(self, scoped_key: str, start: Message, body: bytes) -> None:
        status = start.get("status", 500)
        async with self.engine.begin() as connection:
            if status >= 500:
                await connection.execute(delete(self.table).where(self.table.c.key == scoped_key))
                return
            content_type = dict(start.get("headers", [])).get(b"content-type", b"application/json")
            await connection.execute(
                update(self.table).where(self.table.c.key == scoped_key)
                .values(status_code=status, content_type=content_type.decode("latin-1"), body=body)
            )


async def _replay(stored: dict[str, object], send: Send) -> None:
    body = stored["body"] if isinstance(stored["body"], bytes) else b""
    await send({
        "type": "http.response.start",
        "status": stored["status_code"],
        "headers": [
            (b"content-type", str(stored["content_type"]).encode("latin-1")),
            (b"content-length", str(len(body)).encode()),
            (b"idempotent-replayed", b"true"),
        ],
    })
    await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Receive) -> tuple[bytes, Receive | None]:
    """The whole body; or, if the client went away, a receive that reports it."""
    parts: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"", _replaying(message)
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(parts), None


def _replaying(message: Message) -> Receive:
    async def receive() -> Message:
        return message

    return receive


def _body_hash(body: bytes) -> str:
    """The same JSON body is the same request, whatever the key order or spacing."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, UnicodeDecodeError):
        canonical = body
    return hashlib.sha256(canonical).hexdigest()


def _scoped_key(scope: Scope, key: str) -> str:
    """Keys are per caller (API key) and per path, so clients cannot collide."""
    caller = hashlib.sha256((_header(scope, b"authorization") or "").encode()).hexdigest()[:16]
    path_hash = hashlib.sha256(scope["path"].encode()).hexdigest()[:16]
    return f"{caller}:{path_hash}:{key}"
