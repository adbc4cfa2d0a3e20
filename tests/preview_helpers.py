"""A running preview of a test project, for the server and browser tests."""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from booklet.preview.serve import start
from booklet.preview.server import PreviewServer

WAIT_SECONDS = 120.0
"""How long a test waits for a build before it fails (a limit, not a measure of speed)."""


@contextmanager
def running(root: Path, variants: tuple[str, ...] = ("screen",), langs: tuple[str, ...] = ("en",)
            ) -> Iterator[PreviewServer]:
    """A preview of root on a free port of 127.0.0.1, stopped afterwards."""
    preview, server, stop = start(root, list(langs), list(variants), 0, root / "build")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        preview.close()


def get(server: PreviewServer, path: str, host: str | None = None, method: str = "GET",
        headers: dict[str, str] | None = None, body: bytes | None = None
        ) -> tuple[int, bytes, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    try:
        connection.putrequest(method, path, skip_host=host is not None, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def from_the_page(server: PreviewServer) -> dict[str, str]:
    """The headers the preview page's script sends with a POST: its token, from the page itself."""
    _, page, _ = get(server, "/")
    token = re.search(rb'<meta name="booklet-token" content="([^"]+)">', page)
    assert token, page
    return {"X-Booklet-Token": token.group(1).decode(), "Origin": server.url.rstrip("/")}


def state(server: PreviewServer) -> dict[str, Any]:
    status, body, _ = get(server, "/state")
    assert status == 200
    loaded: dict[str, Any] = json.loads(body)
    return loaded


def wait_for(server: PreviewServer, test: Any) -> dict[str, Any]:
    """The preview's state once test(state) is true; fails after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        now = state(server)
        if test(now):
            return now
        time.sleep(0.1)
    raise AssertionError(f"the preview never got there: {state(server)}")


def built(generation: int) -> Any:
    def test(now: dict[str, Any]) -> bool:
        return not now["building"] and any(e["generation"] >= generation for e in now["editions"])
    return test
