"""Dependencies of the content routes: roles, units of work, settings and path parameters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from services.content.settings import Settings
from shared.http.auth import require
from shared.http.deps import Authenticated, ReadUow, WriteUow

__all__ = ["IdPath", "ReadUow", "Reader", "SettingsDep", "WriteUow", "Writer"]

Reader = Authenticated
Writer = Annotated[str, Depends(require("content"))]


def content_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.backbone.settings
    return settings


SettingsDep = Annotated[Settings, Depends(content_settings)]
# Ids are UUIDs; anything else cannot name a row and must not reach the database as-is.
IdPath = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,36}$", description="Id (a UUID).")]
