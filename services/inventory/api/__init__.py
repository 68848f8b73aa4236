"""HTTP routes of the inventory service, one router per resource."""

from fastapi import APIRouter

from services.inventory.api import admin, catalog, reservations, stock

router = APIRouter()
for module in (catalog, stock, reservations, admin):
    router.include_router(module.router)
