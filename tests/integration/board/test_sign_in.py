"""Signing in to the board with an API key; CSRF on every form."""

from __future__ import annotations

from tests.integration.board.conftest import csrf_token, sign_in


async def test_a_dev_key_signs_in_and_the_role_is_shown(start_service):
    board = await start_service("board")
    assert (await board.client.get("/")).status_code == 303
    signed_in = await sign_in(board.client, "dev-marketing")
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/"
    cookie = signed_in.headers["set-cookie"]
    assert "board_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    overview = await board.client.get("/")
    assert overview.status_code == 200
    assert '<span data-testid="role">marketing</span>' in overview.text
    assert "<h1>Overview</h1>" in overview.text
    assert "frame-ancestors 'none'" in overview.headers["content-security-policy"]
    old_cookie = board.client.cookies["board_session"]
    await sign_in(board.client, "dev-support")
    assert '<span data-testid="role">support</span>' in (await board.client.get("/")).text
    board.client.cookies.set("board_session", old_cookie)
    assert (await board.client.get("/")).status_code == 303, "the replaced session no longer signs in"


async def test_a_wrong_key_is_refused_with_the_form_again(start_service):
    board = await start_service("board")
    refused = await sign_in(board.client, "dev-nobody")
    assert refused.status_code == 401
    assert 'role="alert"' in refused.text and 'name="api_key"' in refused.text
    assert (await board.client.get("/")).status_code == 303


async def test_a_post_without_the_csrf_token_is_refused_and_with_it_accepted(start_service):
    board = await start_service("board")
    await sign_in(board.client, "dev-admin")
    page = await board.client.get("/")
    forged = await board.client.post("/logout", data={})
    assert forged.status_code == 403 and "CSRF" in forged.text
    wrong = await board.client.post("/logout", data={"csrf_token": "guessed"})
    assert wrong.status_code == 403
    assert (await board.client.get("/")).status_code == 200, "a refused sign-out must not sign out"
    signed_out = await board.client.post("/logout", data={"csrf_token": csrf_token(page.text)})
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/login"
    assert (await board.client.get("/")).status_code == 303


async def test_the_login_form_itself_needs_its_token(start_service):
    board = await start_service("board")
    await board.client.get("/login")
    forged = await board.client.post("/login", data={"api_key": "dev-admin"})
    assert forged.status_code == 403
