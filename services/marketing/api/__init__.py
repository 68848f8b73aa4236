"""HTTP routes of the marketing service, one router per resource."""

from fastapi import APIRouter

from services.marketing.api import campaigns, lifecycle, promotions, views

ROUTERS: list[APIRouter] = [campaigns.router, lifecycle.router, views.router, promotions.router]
