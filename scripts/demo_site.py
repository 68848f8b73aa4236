"""A small shop web site to check: product, landing and checkout pages, images and assets.

Pages and images can be broken and fixed at run time (`POST /_control`), so the demo and the
end-to-end tests can show the content service noticing. Run: `python -m scripts.demo_site --port 8090`.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002"
    "000154a24f5d0000000049454e44ae426082"
)


@dataclass
class SiteState:
    broken_pages: set[str] = field(default_factory=set)
    broken_images: set[str] = field(default_factory=set)


def _page(title: str, body: str, image: str | None = None) -> str:
    image_tag = f'<img src="/images/{image}.png" alt="{title}">' if image else ""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title><link rel='stylesheet' href='/static/site.css'>"
        "<script src='/static/site.js'></script></head>"
        f"<body><a href='/'>Home</a><h1>{title}</h1>{image_tag}<p>{body}</p></body></html>"
    )


def create_site(state: SiteState | None = None) -> Starlette:
    site = state or SiteState()

    def guarded(request: Request, html: str) -> Response:
        if request.url.path in site.broken_pages:
            return HTMLResponse("<h1>Internal Server Error</h1>", status_code=500)
        return HTMLResponse(html)

    async def home(request: Request) -> Response:
        return guarded(request, _page("Demo shop", "Welcome to the demo shop."))

    async def product(request: Request) -> Response:
        sku = request.path_params["sku"]
        return guarded(request, _page(f"Product {sku}", f"Everything about {sku}.", image=sku))

    async def landing(request: Request) -> Response:
        slug = request.path_params["slug"]
        return guarded(request, _page(f"Campaign {slug}", "Big savings this week.", image=f"banner-{slug}"))

    async def checkout(request: Request) -> Response:
        return guarded(request, _page("Checkout", "Pay securely."))

    async def image(request: Request) -> Response:
        name = request.path_params["name"]
        if name in site.broken_images:
            return Response(status_code=404)
        return Response(PIXEL, media_type="image/png")

    async def static(request: Request) -> Response:
        kind = "text/css" if request.path_params["name"].endswith(".css") else "application/javascript"
        return Response("/* demo */", media_type=kind)

    async def control(request: Request) -> Response:
        changes = await request.json()
        site.broken_pages = set(changes.get("broken_pages", site.broken_pages))
        site.broken_images = set(changes.get("broken_images", site.broken_images))
        return JSONResponse({"broken_pages": sorted(site.broken_pages),
                             "broken_images": sorted(site.broken_images)})

    return Starlette(routes=[
        Route("/", home),
        Route("/products/{sku}", product),
        Route("/campaigns/{slug}", landing),
        Route("/checkout", checkout),
        Route("/images/{name}.png", image),
        Route("/static/{name}", static),
        Route("/_control", control, methods=["POST"]),
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8090)
    arguments = parser.parse_args()
    uvicorn.run(create_site(), host="127.0.0.1", port=arguments.port, log_level="warning")


if __name__ == "__main__":
    main()
