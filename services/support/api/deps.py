"""Dependencies of the support routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.support.settings import Settings
from shared.http.auth import require

# Customer references make tickets and returns personal: lists are for support, single
# records also for the storefront that created them (SPEC 3).
SupportOnly = Annotated[str, Depends(require("support"))]
StorefrontOrSupport = Annotated[str, Depends(require("storefront", "support"))]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.backbone.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]
