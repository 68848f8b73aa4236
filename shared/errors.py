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
    status, title, slug = 409, "Conflict", "conflict"


class Unauthorized(AppError):
    status, title, slug = 401, "Unauthorized", "unauthorized"


class Forbidden(AppError):
    status, title, slug = 403, "Forbidden", "forbidden"


class Invalid(AppError):
    status, title, slug = 422, "Invalid request", "validation"


class PayloadTooLarge(AppError):
    status, title, slug = 413, "Payload too large", "payload-too-large"
