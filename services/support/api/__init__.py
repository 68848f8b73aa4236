"""HTTP routes of the support service, one router per resource."""

from fastapi import APIRouter

from services.support.api import advisories, orders, returns, tickets

ROUTERS: list[APIRouter] = [tickets.router, returns.router, orders.router, advisories.router]
