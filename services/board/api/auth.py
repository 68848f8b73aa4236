"""Signing in with an API key and signing out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.board.api.deps import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    BoardSettings,
    CsrfRejected,
    Signer,
    Writer,
    WriteUow,
    render,
)
from services.board.service import accounts

router = APIRouter(tags=["sign-in"], include_in_schema=False)


def _login_form(
    request: Request, settings: BoardSettings, error: str | None, status_code: int,
) -> HTMLResponse:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or accounts.new_token()
    dev_keys = [] if settings.is_production or settings.api_keys else sorted(settings.parsed_api_keys())
    response = render(request, "login.html", None, status_code, csrf_token=token, error=error,
                      dev_keys=dev_keys)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax",
                        secure=settings.is_production, path="/")
    return response


@router.get("/login", response_class=HTMLResponse, summary="Sign-in page")
async def login_page(request: Request, settings: BoardSettings) -> HTMLResponse:
    return _login_form(request, settings, None, 200)


@router.post("/login", response_class=HTMLResponse, summary="Sign in with an API key")
async def login(
    request: Request, uow: WriteUow, settings: BoardSettings, signer: Signer,
    api_key: Annotated[str, Form(max_length=500)] = "", csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    if not accounts.same_token(request.cookies.get(LOGIN_CSRF_COOKIE) or "", csrf_token):
        raise CsrfRejected()
    previous = signer.session_id(request.cookies.get(SESSION_COOKIE))
    async with uow:
        session = await accounts.sign_in(uow, request.app.state.key_ring, api_key, settings.session_hours)
        if session is not None and previous is not None:
            await accounts.sign_out(uow, previous)  # signing in again replaces the session
        await uow.commit()
    if session is None:
        return _login_form(request, settings, "That API key is not known. Check it and try again.", 401)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE, signer.session_cookie(session.session_id), max_age=int(settings.session_hours * 3600),
        httponly=True, samesite="lax", secure=settings.is_production, path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


@router.post("/logout", summary="Sign out")
async def logout(session: Writer, uow: WriteUow) -> RedirectResponse:
    async with uow:
        await accounts.sign_out(uow, session.session_id)
        await uow.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
