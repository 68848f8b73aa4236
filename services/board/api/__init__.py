"""Routes of the board: sign-in, pages, actions and the live stream. They are pages, not an API,
so /docs keeps to the operations and admin routes every service has."""

from services.board.api import auth, campaigns, pages, stream, teams

ROUTERS = [auth.router, pages.router, campaigns.router, teams.router, stream.router]
