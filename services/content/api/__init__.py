"""HTTP routes of the content service, one router per resource."""

from fastapi import APIRouter

from services.content.api import crawls, health, pages, tasks


def build_router() -> APIRouter:
    router = APIRouter(prefix="/v1")
    for resource in (pages, crawls, health, tasks):
        router.include_router(resource.router)
    return router
