"""A small shop site served over real HTTP on 127.0.0.1, with known problems on known pages."""

from __future__ import annotations

import asyncio
import gzip
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
SLOW_SECONDS = 0.6
# A gated page answers at the latest after this long, so a forgotten gate cannot hang a test run.
GATE_LIMIT_SECONDS = 45.0


def page(title: str | None, body: str = "") -> HTMLResponse:
    head = f"<title>{title}</title>" if title else ""
    return HTMLResponse(
        f"<!doctype html><html><head>{head}<link rel='stylesheet' href='/static/site.css'>"
        f"<script src='/static/site.js'></script></head><body>{body}</body></html>"
    )


@dataclass
class Gate:
    """Holds requests to /gated/<name> until the test opens it; counts who is held."""

    entered: asyncio.Event = field(default_factory=asyncio.Event)
    opened: asyncio.Event = field(default_factory=asyncio.Event)
    held: int = 0
    timed_out: bool = False

    async def pass_through(self) -> None:
        self.held += 1
        self.entered.set()
        try:
            await asyncio.wait_for(self.opened.wait(), GATE_LIMIT_SECONDS)
        except TimeoutError:
            self.timed_out = True
        finally:
            self.held -= 1


@dataclass
class SiteState:
    toggle_broken: bool = True
    requests: list[tuple[str, str]] = field(default_factory=list)
    # (client address, client port) of every request: one pair per connection the client opened.
    clients: list[tuple[str, int]] = field(default_factory=list)
    gates: dict[str, Gate] = field(default_factory=dict)

    def gate(self, name: str) -> Gate:
        """A new closed gate in front of /gated/<name>; without one, that page answers at once."""
        self.gates[name] = Gate()
        return self.gates[name]


def build_site(state: SiteState, port_of: dict[str, int]) -> ASGIApp:
    async def healthy(_: Request) -> Response:
        return page("Trail runner", "<img src='/img/shoe.png'><a href='/products/untitled'>more</a>"
                                    "<a href='https://elsewhere.example/'>partner</a>")

    async def broken_image(_: Request) -> Response:
        return page("Rain jacket", "<img src='/img/missing.png'>")

    async def bad_link(_: Request) -> Response:
        return page("Help", "<a href='/faq/gone'>old answer</a>")

    async def server_error(_: Request) -> Response:
        return HTMLResponse("<html><title>Oops</title></html>", status_code=500)

    async def slow(_: Request) -> Response:
        await asyncio.sleep(SLOW_SECONDS)
        return page("Slow category")

    async def gated(request: Request) -> Response:
        gate = state.gates.get(request.path_params["name"])
        if gate is not None:
            await gate.pass_through()
        return page("Gated page")

    async def loop(request: Request) -> Response:
        target = "/loop/b" if request.url.path == "/loop/a" else "/loop/a"
        return RedirectResponse(target, status_code=302)

    async def untitled(_: Request) -> Response:
        return page(None, "<p>no title here</p>")

    async def toggle(_: Request) -> Response:
        if state.toggle_broken:
            return HTMLResponse("down for maintenance", status_code=503)
        return page("Back again")

    async def to_localhost(_: Request) -> Response:
        return RedirectResponse(f"http://localhost:{port_of['port']}/products/healthy", status_code=302)

    async def image(request: Request) -> Response:
        if request.path_params["name"] != "shoe.png":
            return Response(status_code=404)
        return Response(PNG, media_type="image/png")

    async def asset(_: Request) -> Response:
        return Response("body{}", media_type="text/css")

    async def sitemap_index(_: Request) -> Response:
        base = f"http://127.0.0.1:{port_of['port']}"
        return Response(
            "<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"<sitemap><loc>{base}/sitemap-pages.xml.gz</loc></sitemap></sitemapindex>",
            media_type="application/xml",
        )

    async def sitemap_pages(_: Request) -> Response:
        base = f"http://127.0.0.1:{port_of['port']}"
        paths = ["/products/healthy", "/products/broken-image", "/c/broken-image", "/faq/bad-link",
                 "/c/slow", "/campaigns/spring"]
        urls = "".join(f"<url><loc>{base}{path}</loc></url>" for path in paths)
        xml = f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>"
        return Response(gzip.compress(xml.encode()), media_type="application/gzip")

    async def sitemap_generated(request: Request) -> Response:
        """A urlset of `count` distinct product URLs (a large shop's sitemap)."""
        base = f"http://127.0.0.1:{port_of['port']}"
        count = min(int(request.path_params["count"]), 500_000)
        urls = "".join(f"<url><loc>{base}/products/generated-{number}</loc></url>" for number in range(count))
        xml = f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>"
        return Response(xml, media_type="application/xml")

    async def sitemap_bomb(_: Request) -> Response:
        return Response(gzip.compress(b"<urlset>" + b" " * 3_000_000 + b"</urlset>"),
                        media_type="application/gzip")

    routes = [
        Route("/products/healthy", healthy), Route("/campaigns/spring", healthy),
        Route("/products/broken-image", broken_image), Route("/c/broken-image", broken_image),
        Route("/faq/bad-link", bad_link), Route("/products/error", server_error),
        Route("/c/slow", slow), Route("/gated/{name}", gated), Route("/loop/{step}", loop), Route("/products/untitled", untitled),
        Route("/products/toggle", toggle), Route("/to-localhost", to_localhost),
        Route("/img/{name}", image), Route("/static/{name}", asset),
        Route("/sitemap.xml", sitemap_index), Route("/sitemap-pages.xml.gz", sitemap_pages),
        Route("/sitemap-bomb.xml.gz", sitemap_bomb), Route("/sitemaps/{count:int}.xml", sitemap_generated),
    ]
    app = Starlette(routes=routes)

    async def recording(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            state.requests.append((scope["method"], scope["path"]))
            client = scope.get("client")
            if client:
                state.clients.append((client[0], client[1]))
        await app(scope, receive, send)

    return recording


@dataclass
class LocalSite:
    port: int
    state: SiteState

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@asynccontextmanager
async def serve_site() -> AsyncIterator[LocalSite]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    state = SiteState()
    app = build_site(state, {"port": port})
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:  # noqa: ASYNC110 (uvicorn offers no event to wait on)
        await asyncio.sleep(0.01)
    try:
        yield LocalSite(port, state)
    finally:
        server.should_exit = True
        await task
        sock.close()
