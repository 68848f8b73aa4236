"""The demo shop web site, served from a background thread of the demo on a free local port."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn

from scripts.demo.api import DemoFailed
from scripts.demo_site import SiteState, create_site


class DemoSite:
    """`with DemoSite() as site:` serves the site; `site.break_image(...)` and `fix_all()` change it."""

    def __init__(self) -> None:
        self.state = SiteState()
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.port = int(self.socket.getsockname()[1])
        config = uvicorn.Config(create_site(self.state), log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]},
                                       daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def break_image(self, name: str) -> None:
        self.state.broken_images = {*self.state.broken_images, name}

    def fix_all(self) -> None:
        self.state.broken_images = set()
        self.state.broken_pages = set()

    def __enter__(self) -> DemoSite:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise DemoFailed("The demo shop web site did not start.")
            time.sleep(0.05)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()
