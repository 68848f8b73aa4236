"""HTTP routes of the support service, one router per resource."""

from fastapi import APIRouter

from services.support.api import advisories, returns, tickets

ROUTERS: list[APIRouter] = [tickets.router, returns.router, advisories.router]
