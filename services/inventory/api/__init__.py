"""HTTP routes of the inventory service, one router per resource."""

from services.inventory.api import admin, catalog, reservations, stock

ROUTERS = [stock.router, reservations.router, catalog.router, admin.router]
