"""HTTP routes of the content service, one router per resource."""

from fastapi import APIRouter

from services.content.api import crawls, health, imports, pages, tasks

ROUTERS: list[APIRouter] = [pages.router, imports.router, crawls.router, health.router, tasks.router]
