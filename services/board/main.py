"""Composition root of the coordination board."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from services.board import api, domain, tables
from services.board.api.deps import CsrfRejected, SignInRequired, render
from services.board.background import health_poller
from services.board.handlers import handlers
from services.board.service.accounts import CookieSigner
from services.board.service.clients import ServiceClients
from services.board.service.health import Target
from services.board.settings import Settings
from shared.errors import NotFound
from shared.http.app import create_service_app
from shared.http.problems import problem_response
from shared.runtime import Backbone

HERE = Path(__file__).resolve().parent
DESCRIPTION = (
    "The teams' web page: a read model of every topic (campaigns, checks, stock, pages, advisories, "
    "returns, the activity feed) rendered as HTML, updated live over Server-Sent Events. Actions go "
    "to the owning service's API with the signed-in person's key."
)


async def _sign_in(_: Request, __: Exception) -> Response:
    return RedirectResponse("/login", status_code=303)


async def _csrf(request: Request, _: Exception) -> Response:
    return render(request, "error.html", None, 403, title="Forbidden",
                  message="This form was not sent from the board (missing or wrong CSRF token). "
                          "Reload the page and try again.", problems=[])


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/v1/")


async def _not_found(request: Request, error: Exception) -> Response:
    if _is_api(request):
        return problem_response(404, "Not found", str(error), "not-found")
    return render(request, "error.html", None, 404, title="Not found", message=str(error), problems=[])


async def _invalid(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    if _is_api(request):
        return problem_response(422, "Invalid request", "The request has invalid fields.", "validation",
                                errors=[{"field": ".".join(str(p) for p in e.get("loc", ())),
                                         "message": e.get("msg", "")} for e in error.errors()])
    problems = [f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}"
                for e in error.errors()]
    return render(request, "error.html", None, 422, title="Invalid input",
                  message="Some fields were not filled in correctly.", problems=problems)


def _when(value: object) -> str:
    """A page's date as a person reads it, relative to the moment the page is drawn."""
    moment = domain.as_moment(value)
    return "—" if moment is None else domain.when(moment, datetime.now(UTC))


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    backbone = Backbone.build(settings, tables.backbone, handlers(settings))
    client = httpx.AsyncClient(timeout=settings.service_timeout_seconds)
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters.update(web_link=domain.web_link, words=domain.words, sentence=domain.sentence,
                                 when=_when, moment=domain.as_moment)
    targets = [Target(name, url, client) for name, url in settings.service_urls().items()]
    app = create_service_app(
        backbone=backbone, title="Coordination board", description=DESCRIPTION, routers=api.ROUTERS,
        background=[health_poller(settings, backbone.uow, targets)],
        state={"templates": templates, "cookie_signer": CookieSigner(settings.signing_secret),
               "service_clients": ServiceClients(client, settings.service_urls())},
    )
    own = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), timeout=settings.service_timeout_seconds)
    targets.append(Target("board", "http://board", own))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(SignInRequired, _sign_in)
    app.add_exception_handler(CsrfRejected, _csrf)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(RequestValidationError, _invalid)
    backbone_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        async with backbone_lifespan(application):
            try:
                yield
            finally:
                await client.aclose()
                await own.aclose()

    app.router.lifespan_context = lifespan
    return app


