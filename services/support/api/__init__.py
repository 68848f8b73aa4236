"""HTTP routes of the support service, one router per resource."""

from fastapi import APIRouter

from services.support.api import advisories, returns, tickets

router = APIRouter(prefix="/v1")
for resource in (tickets, returns, advisories):
    router.include_router(resource.router)
