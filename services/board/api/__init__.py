"""Routes of the board: sign-in, pages, actions and the live stream."""

from services.board.api import auth, campaigns, pages, stream, teams

ROUTERS = [auth.router, pages.router, campaigns.router, teams.router, stream.router]
