"""Content crawl benchmark: a generated local site of 2,000 pages with known broken links and images.

Crawls it with the content service's crawler (fresh SQLite or PostgreSQL database, no HTTP API),
checks that every known broken item was found, then runs LinkChecker (installed into a throwaway
venv under /tmp) on the same site as the peer. Target (SPEC §10): ≥ 1.5x LinkChecker's pages/s,
every known broken item found.
Run: `python -m bench.crawl [sqlite|postgres]`."""

from __future__ import annotations

import asyncio
import csv
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import uvicorn
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bench.common import LABELS, Figure, fresh_database
from services.content import tables
from services.content.crawler.crawl import CrawlerConfig
from services.content.service import crawls
from services.content.settings import Settings
from shared.db import create_engine
from shared.migrate import upgrade
from shared.uow import UnitOfWork

PAGES = 2000
BROKEN_IMAGE_EVERY = 50
BROKEN_LINK_EVERY = 40
SERVER_ERROR_EVERY = 100
LINKCHECKER = "linkchecker==10.6.0"
LINKCHECKER_RATE = 1000
MIN_RATIO = 1.5
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@dataclass
class Site:
    """The generated site and the broken items it is known to contain."""

    pages: dict[str, bytes] = field(default_factory=dict)
    failing_pages: set[str] = field(default_factory=set)
    broken_images: set[tuple[str, str]] = field(default_factory=set)
    broken_links: set[tuple[str, str]] = field(default_factory=set)


def generate_site() -> Site:
    site = Site()
    for number in range(PAGES):
        path = f"/p/{number}.html"
        images = ["/img/logo.png", f"/img/product-{number}.png"]
        if number % BROKEN_IMAGE_EVERY == 3:
            images[1] = f"/img/missing-{number}.png"
            site.broken_images.add((path, images[1]))
        links = [f"/p/{(number + step) % PAGES}.html" for step in (1, 2, 3)]
        if number % BROKEN_LINK_EVERY == 5:
            links.append(f"/gone/{number}.html")
            site.broken_links.add((path, links[-1]))
        if number % SERVER_ERROR_EVERY == 7:
            site.failing_pages.add(path)
        body = "".join(f"<img src='{src}' alt=''>" for src in images)
        body += "".join(f"<a href='{href}'>{href}</a>" for href in links)
        site.pages[path] = (
            f"<!doctype html><html><head><title>Product {number}</title>"
            f"<link rel='stylesheet' href='/static/site.css'></head><body>{body}</body></html>"
        ).encode()
    index = "".join(f"<a href='/p/{number}.html'>{number}</a>" for number in range(PAGES))
    site.pages["/"] = f"<html><head><title>Shop</title></head><body>{index}</body></html>".encode()
    return site


def site_app(site: Site) -> ASGIApp:
    async def html(request: Request) -> Response:
        path = request.url.path
        if path in site.failing_pages:
            return HTMLResponse("<html><title>Error</title></html>", status_code=500)
        if path not in site.pages:
            return HTMLResponse("not found", status_code=404)
        return HTMLResponse(site.pages[path])

    async def image(request: Request) -> Response:
        if request.path_params["name"].startswith("missing-"):
            return Response(status_code=404)
        return Response(PNG, media_type="image/png")

    async def css(_: Request) -> Response:
        return Response("body{margin:0}", media_type="text/css")

    app = Starlette(routes=[
        Route("/", html), Route("/p/{name}", html), Route("/gone/{name}", html),
        Route("/img/{name}", image), Route("/static/site.css", css),
    ])

    async def with_linkchecker_consent(scope: Scope, receive: Receive, send: Send) -> None:
        # LinkChecker caps itself at 10 requests/s per host unless the server sends this header.
        async def consenting(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"linkchecker", b"allow")]
            await send(message)

        await app(scope, receive, consenting)

    return with_linkchecker_consent


def _serve(site: Site, sock: socket.socket) -> None:
    server = uvicorn.Server(uvicorn.Config(site_app(site), log_level="error", lifespan="off",
                                           access_log=False))
    server.run(sockets=[sock])


class ServedSite:
    """Serves the site from its own process, so neither crawler shares an interpreter with it."""

    def __init__(self, site: Site) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._process = multiprocessing.get_context("fork").Process(
            target=_serve, args=(site, self._sock), daemon=True
        )

    def __enter__(self) -> ServedSite:
        self._process.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the benchmark site did not start")

    def __exit__(self, *_: object) -> None:
        self._process.terminate()
        self._process.join(timeout=10)
        self._sock.close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


async def crawl_with_service(served: ServedSite, site: Site, backend: str) -> dict[str, Any]:
    async with fresh_database(backend, "content_crawl") as url:
        return await _crawl(served, site, url)


async def _crawl(served: ServedSite, site: Site, url: str) -> dict[str, Any]:
    await asyncio.to_thread(upgrade, "content", url)
    settings = Settings(database_url=url, allow_private_targets=True)
    engine = create_engine(url)

    def uow(read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(engine, tables.backbone, "content", lambda _: None, read_only)

    now = datetime.now(UTC)
    async with uow() as unit:
        await unit.execute(tables.pages.insert(), [
            {"id": f"page-{number}", "url": served.url(f"/p/{number}.html"), "kind": "product",
             "health": "unknown", "issues": [], "created_at": now, "updated_at": now}
            for number in range(PAGES)
        ])
        await crawls.queue_crawl(unit, None)
        await unit.commit()
    config = CrawlerConfig.from_settings(settings)
    started = time.perf_counter()
    await crawls.run_next_crawl(uow, config)
    elapsed = time.perf_counter() - started
    async with uow() as unit:
        rows = (await unit.execute(select(tables.pages.c.url, tables.pages.c.issues))).all()
    await engine.dispose()
    prefix = served.url("")
    found_images, found_links, found_failing = set(), set(), set()
    for row in rows:
        path = row.url.removeprefix(prefix)
        for issue in row.issues:
            target = (issue.get("url") or "").removeprefix(prefix)
            if issue["code"] == "broken_image":
                found_images.add((path, target))
            elif issue["code"] == "broken_link":
                found_links.add((path, target))
            elif issue["code"] == "http_error":
                found_failing.add(path)
    known_links = {item for item in site.broken_links if item[0] not in site.failing_pages}
    known_images = {item for item in site.broken_images if item[0] not in site.failing_pages}
    # Links to a failing page are broken links too.
    known_links |= {
        (path, failing) for path in site.pages if path != "/" and path not in site.failing_pages
        for failing in site.failing_pages if f"href='{failing}'".encode() in site.pages[path]
    }
    distinct_broken = {target for _, target in known_images | known_links}
    return {
        "pages": PAGES, "distinct_broken_urls": len(distinct_broken), "seconds": round(elapsed, 2),
        "pages_per_second": round(PAGES / elapsed, 1),
        "all_broken_found": (found_images == known_images and found_links == known_links
                             and found_failing == site.failing_pages),
        "broken_images": f"{len(found_images & known_images)}/{len(known_images)}",
        "broken_links": f"{len(found_links & known_links)}/{len(known_links)}",
        "failing_pages": f"{len(found_failing & site.failing_pages)}/{len(site.failing_pages)}",
        "false_positives": len((found_images - known_images) | (found_links - known_links)),
    }


def install_linkchecker(scratch: Path) -> Path | None:
    venv = scratch / "linkchecker-venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", LINKCHECKER], check=True,
                       capture_output=True, timeout=300)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
        return None
    return venv / "bin" / "linkchecker"


def crawl_with_linkchecker(served: ServedSite, scratch: Path) -> dict[str, Any]:
    binary = install_linkchecker(scratch)
    if binary is None:
        return {"status": "not installable"}
    config = scratch / "linkcheckerrc"
    config.write_text(f"[checking]\nthreads=10\nmaxrequestspersecond={LINKCHECKER_RATE}\n")
    started = time.perf_counter()
    run = subprocess.run(
        [str(binary), "--no-status", "--no-warnings", "-f", str(config), "-o", "csv", served.url("/")],
        capture_output=True, text=True, timeout=1800, env={**os.environ, "HOME": str(scratch)},
    )
    elapsed = time.perf_counter() - started
    rows = list(csv.DictReader((line for line in run.stdout.splitlines() if not line.startswith("#")),
                               delimiter=";"))
    invalid = {row["url"] for row in rows if row.get("valid") == "False"}
    return {"status": "ran", "seconds": round(elapsed, 2), "pages_per_second": round(PAGES / elapsed, 1),
            "urls_checked": len(rows), "distinct_invalid_urls": len(invalid)}


def measure(backend: str) -> dict[str, Any]:
    site = generate_site()
    with tempfile.TemporaryDirectory(prefix="content-bench-") as scratch_dir, ServedSite(site) as served:
        scratch = Path(scratch_dir)
        ours = asyncio.run(crawl_with_service(served, site, backend))
        peer = crawl_with_linkchecker(served, scratch)
    ratio = (round(ours["pages_per_second"] / peer["pages_per_second"], 2)
             if peer.get("status") == "ran" else None)
    return {"content_crawler": ours, "linkchecker": peer, "peer_ratio": ratio}


def run(backend: str) -> list[Figure]:
    figures = measure(backend)
    ours, peer, ratio = figures["content_crawler"], figures["linkchecker"], figures["peer_ratio"]
    return [Figure(
        name=f"content crawl, {PAGES:,} generated pages with known breakage (pages/s)",
        database=LABELS[backend], ours=f"{ours['pages_per_second']:,.0f}",
        baseline=f"{peer['pages_per_second']:,.0f} (LinkChecker)" if ratio else "LinkChecker not installable",
        ratio=ratio, target=f"ratio ≥ {MIN_RATIO}, every known broken item found",
        met=bool(ours["all_broken_found"]) and ratio is not None and ratio >= MIN_RATIO,
        note=f"images {ours['broken_images']}, links {ours['broken_links']}, failing pages "
             f"{ours['failing_pages']}, false positives {ours['false_positives']}; "
             f"ours {ours['seconds']} s, LinkChecker {peer.get('seconds', '—')} s",
    )]


def main() -> dict[str, Any]:
    figures = measure(sys.argv[1] if len(sys.argv) > 1 else "sqlite")
    print(f"content crawler: {figures['content_crawler']}")
    print(f"linkchecker:     {figures['linkchecker']}")
    print(f"peer ratio (ours / linkchecker pages per second): {figures['peer_ratio'] or 'n/a'}")
    return figures


if __name__ == "__main__":
    main()
