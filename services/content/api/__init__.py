"""HTTP routes of the content service, one router per resource."""

from fastapi import APIRouter

from services.content.api import crawls, health, pages, tasks

ROUTERS: list[APIRouter] = [pages.router, crawls.router, health.router, tasks.router]
