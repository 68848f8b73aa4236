"""HTTP routes of the marketing service, one router per resource."""

from fastapi import APIRouter

from services.marketing.api import campaigns, lifecycle, promotions, views

# The storefront's hot path first: routes are matched in order, each miss costs a request time.
ROUTERS: list[APIRouter] = [promotions.router, campaigns.router, lifecycle.router, views.router]
