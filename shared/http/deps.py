"""Dependency aliases for routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from shared.uow import UnitOfWork


def get_uow(request: Request) -> UnitOfWork:
    uow: UnitOfWork = request.app.state.backbone.uow()
    return uow


UowDep = Annotated[UnitOfWork, Depends(get_uow)]
