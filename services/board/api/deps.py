"""Dependencies of the board's routes: the signed-in person, CSRF, rendering, the service clients."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from services.board.service import accounts
from services.board.service.accounts import CookieSigner, Session
from services.board.service.clients import Answer, ServiceClients
from services.board.settings import Settings
from shared.http.deps import ReadUow, WriteUow

SESSION_COOKIE = "board_session"
FLASH_COOKIE = "board_flash"
LOGIN_CSRF_COOKIE = "board_login_csrf"

# Everything a page uses comes from the board itself; no page may be framed (its forms act).
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; "
                               "base-uri 'none'",
    "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin", "Cache-Control": "no-store",
}

__all__ = ["Clients", "ReadUow", "Reader", "Signer", "WriteUow", "Writer"]


class SignInRequired(Exception):
    """No valid session: the page answers with a redirect to /login."""


class CsrfRejected(Exception):
    """A POST without the form's CSRF token: answered 403."""


def board_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.backbone.settings
    return settings


def cookie_signer(request: Request) -> CookieSigner:
    signer: CookieSigner = request.app.state.cookie_signer
    return signer


def service_clients(request: Request) -> ServiceClients:
    clients: ServiceClients = request.app.state.service_clients
    return clients


BoardSettings = Annotated[Settings, Depends(board_settings)]
Signer = Annotated[CookieSigner, Depends(cookie_signer)]
Clients = Annotated[ServiceClients, Depends(service_clients)]


async def signed_in(request: Request, uow: ReadUow, signer: Signer) -> Session:
    session_id = signer.session_id(request.cookies.get(SESSION_COOKIE))
    if session_id is None:
        raise SignInRequired()
    async with uow:
        session = await accounts.find(uow, session_id)
    if session is None:
        raise SignInRequired()
    return session


async def signed_in_with_csrf(
    session: Annotated[Session, Depends(signed_in)], csrf_token: Annotated[str | None, Form()] = None,
) -> Session:
    if not accounts.same_token(session.csrf_token, csrf_token):
        raise CsrfRejected()
    return session


# Any signed-in person reads every page; a signed-in person acts, and the owning service decides
# whether their role may (the board shows only the actions a role may take).
Reader = Annotated[Session, Depends(signed_in)]
Writer = Annotated[Session, Depends(signed_in_with_csrf)]


def render(
    request: Request, template: str, session: Session | None, status_code: int = 200, **context: Any,
) -> HTMLResponse:
    """A page of the board, with the flash message of the last action (shown once)."""
    templates: Jinja2Templates = request.app.state.templates
    signer = cookie_signer(request)
    flash = signer.flash(request.cookies.get(FLASH_COOKIE))
    response = templates.TemplateResponse(
        request, template, {"session": session, "flash": flash, **context}, status_code=status_code,
    )
    if flash is not None:
        response.delete_cookie(FLASH_COOKIE, path="/")
    response.headers.update(PAGE_HEADERS)
    return response


def redirect_with(request: Request, url: str, answer: Answer) -> RedirectResponse:
    """303 back to the page, carrying the outcome in words."""
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        FLASH_COOKIE, cookie_signer(request).flash_cookie("ok" if answer.ok else "error", answer.text),
        httponly=True, samesite="lax", secure=board_settings(request).is_production, path="/",
    )
    return response
