"""The few error types the services raise; each maps to one problem+json response."""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    status = 500
    title = "Internal error"
    slug = "internal"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions


class NotFound(AppError):
    status, title, slug = 404, "Not found", "not-found"


class Conflict(AppError):
    """A business rule said no (insufficient stock, an illegal transition): 409 saying why.
    `current_status` names the state that refused, where there is one."""

    status, title, slug = 409, "Conflict", "conflict"

    def __init__(self, detail: str, current_status: str | None = None, **extensions: Any) -> None:
        if current_status is not None:
            extensions["current_status"] = current_status
        super().__init__(detail, **extensions)
        self.current_status = current_status


class Unauthorized(AppError):
    status, title, slug = 401, "Unauthorized", "unauthorized"


class Forbidden(AppError):
    status, title, slug = 403, "Forbidden", "forbidden"


class Invalid(AppError):
    status, title, slug = 422, "Invalid request", "validation"

