"""Dependency aliases for routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from shared.uow import UnitOfWork


def get_uow(request: Request) -> UnitOfWork:
    uow: UnitOfWork = request.app.state.backbone.uow()
    return uow


def get_read_uow(request: Request) -> UnitOfWork:
    uow: UnitOfWork = request.app.state.backbone.uow(read_only=True)
    return uow


UowDep = Annotated[UnitOfWork, Depends(get_uow)]
ReadUowDep = Annotated[UnitOfWork, Depends(get_read_uow)]
"""A read-only unit of work: one consistent snapshot, no write lock on SQLite."""
