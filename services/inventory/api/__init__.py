"""HTTP routes of the inventory service, one router per resource."""

from services.inventory.api import admin, carrier_events, catalog, fulfilments, quality, reservations, stock

ROUTERS = [stock.router, reservations.router, catalog.router, fulfilments.router, carrier_events.router,
           quality.router, admin.router]
