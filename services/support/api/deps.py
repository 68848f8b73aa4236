"""Dependencies of the support routes: role aliases, units of work, settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.support.settings import Settings
from shared.http.auth import require
from shared.http.deps import Authenticated, ReadUow, WriteUow

__all__ = ["ReadUow", "Reader", "SettingsDep", "StorefrontOrSupport", "WriteUow", "Writer"]

Reader = Authenticated
# Customer references make tickets and returns personal: lists are for support, single
# records also for the storefront that created them (SPEC 3).
Writer = Annotated[str, Depends(require("support"))]
StorefrontOrSupport = Annotated[str, Depends(require("storefront", "support"))]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.backbone.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]
