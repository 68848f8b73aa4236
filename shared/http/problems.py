"""RFC 9457 problem details for every error path, mapped in one place."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.db import is_database_unavailable
from shared.errors import AppError

log = logging.getLogger(__name__)

PROBLEM_TYPE_BASE = "https://shop.example/problems/"
PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_response(status: int, title: str, detail: str, slug: str, **extra: Any) -> JSONResponse:
    body = {"type": PROBLEM_TYPE_BASE + slug, "title": title, "status": status, "detail": detail}
    body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_CONTENT_TYPE, headers=headers)


def _field_errors(error: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"field": ".".join(str(part) for part in item.get("loc", ())), "message": item.get("msg", ""),
         "type": item.get("type", "")}
        for item in error.errors()
    ]


async def _app_error(_: Request, error: Exception) -> JSONResponse:
    if not isinstance(error, AppError):
        raise error
    return problem_response(error.status, error.title, error.detail, error.slug, **error.extensions)


RETRY_AFTER_SECONDS = 2


DATABASE_ERRORS = (DBAPIError, SQLAlchemyTimeoutError, TimeoutError)


def database_unavailable(error: Exception) -> JSONResponse:
    """A lock timeout or a database that does not answer is a moment's trouble, not a bug: 503
    with `Retry-After`, and nothing changed (the transaction rolled back)."""
    log.warning("database unavailable: %s", type(error).__name__)
    response = problem_response(
        503, "Service unavailable",
        "The database is busy or unreachable right now; nothing was changed. Retry shortly.",
        "unavailable",
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


async def _database_error(_: Request, error: Exception) -> JSONResponse:
    if not is_database_unavailable(error):
        raise error
    return database_unavailable(error)


async def _validation_error(_: Request, error: Exception) -> JSONResponse:
    if not isinstance(error, RequestValidationError):
        raise error
    return problem_response(
        422, "Invalid request", "The request has invalid fields.", "validation",
        errors=_field_errors(error),
    )


_HTTP_TITLES = {404: "Not found", 405: "Method not allowed", 413: "Payload too large"}


async def _http_error(_: Request, error: Exception) -> JSONResponse:
    if not isinstance(error, StarletteHTTPException):
        raise error
    title = _HTTP_TITLES.get(error.status_code, "Request refused")
    detail = error.detail if isinstance(error.detail, str) else title
    slug = title.lower().replace(" ", "-")
    response = problem_response(error.status_code, title, detail, slug)
    if error.headers:
        response.headers.update(error.headers)
    return response


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for database_error in DATABASE_ERRORS:
        app.add_exception_handler(database_error, _database_error)


PROBLEM_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"},
        "status": {"type": "integer"}, "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["type", "title", "status", "detail"],
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the given error statuses."""
    descriptions = {
        401: "Missing or unknown API key.", 403: "The key's role may not do this.",
        404: "No such resource.", 409: "Refused by a business rule or the current state.",
        413: "Request body over the size limit.", 422: "Invalid input; `errors` lists the fields.",
        503: "The database is busy or unreachable; retry after `Retry-After` seconds.",
    }
    return {
        status: {
            "description": descriptions.get(status, "Error"),
            "content": {PROBLEM_CONTENT_TYPE: {"schema": PROBLEM_SCHEMA}},
        }
        for status in statuses
    }
