"""Dependency aliases every service's `api/deps.py` builds on: units of work and roles."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from shared.http.auth import current_role
from shared.uow import UnitOfWork


async def get_uow(request: Request) -> UnitOfWork:
    """A unit of work that may write (and publish); POST, PUT, PATCH and DELETE routes."""
    uow: UnitOfWork = request.app.state.backbone.uow()
    return uow


async def get_read_uow(request: Request) -> UnitOfWork:
    """A read-only unit of work: one consistent snapshot, no write lock on SQLite."""
    uow: UnitOfWork = request.app.state.backbone.uow(read_only=True)
    return uow


WriteUow = Annotated[UnitOfWork, Depends(get_uow)]
ReadUow = Annotated[UnitOfWork, Depends(get_read_uow)]

# Former names, kept while the services move to the ones above.
UowDep = WriteUow
ReadUowDep = ReadUow


# Any authenticated role; each service's api/deps.py names it `Reader` and adds its writers,
# e.g. `Writer = Annotated[str, Depends(require("inventory"))]`.
Authenticated = Annotated[str, Depends(current_role)]
