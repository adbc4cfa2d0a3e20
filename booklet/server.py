"""The preview's web server: the page, its state, server-sent events and page images, on 127.0.0.1 only.

`make_server()` takes a `Preview` and a port; returns a threading HTTP server
bound to the loopback address.  It answers a fixed list of addresses and
nothing else: the page and its script and style (from booklet/preview/), the
state as JSON, an event stream that says when it changed, page images and the
PDFs being shown — each looked up by edition, variant and number, never by
a path taken from the request, so no request can read another file.  A
request whose Host is not this machine (a page elsewhere rebinding a name to
127.0.0.1) is refused.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from booklet.preview import Preview

HOST = "127.0.0.1"
STATIC = Path(__file__).with_name("preview")
FILES = {"/": ("index.html", "text/html; charset=utf-8"),
         "/preview.css": ("preview.css", "text/css; charset=utf-8"),
         "/preview.js": ("preview.js", "text/javascript; charset=utf-8")}
PAGE_IMAGE = re.compile(r"/page/([A-Za-z0-9-]{1,20})/([A-Za-z0-9_-]{1,40})/(\d{1,9})/(\d{1,5})"
                        r"-(thumb|page)\.jpg")
PDF = re.compile(r"/pdf/([A-Za-z0-9-]{1,20})/([A-Za-z0-9_-]{1,40})\.pdf")
KEEPALIVE_SECONDS = 10.0


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep the process alive

    def __init__(self, preview: Preview, port: int) -> None:
        self.preview = preview
        self.closing = False
        super().__init__((HOST, port), Handler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def server_close(self) -> None:
        self.closing = True
        super().server_close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that went away (a reload, a closed tab) is no error: the terminal stays quiet."""
        if not isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipeError, ConnectionResetError…
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal is for the build's messages

    def do_GET(self) -> None:
        path = self._checked_path()
        if path is None:
            return
        preview = self.server.preview
        if path in FILES:
            name, kind = FILES[path]
            self._send(HTTPStatus.OK, (STATIC / name).read_bytes(), kind, cache=False)
        elif path == "/state":
            self._send(HTTPStatus.OK, json.dumps(preview.state()).encode(), "application/json", cache=False)
        elif path == "/events":
            self._events()
        elif match := PAGE_IMAGE.fullmatch(path):
            lang, variant, generation, page, size = match.groups()
            image = preview.image(lang, variant, int(generation), int(page), size)
            if image is None:
                self._not_found()
            else:
                self._send(HTTPStatus.OK, image, "image/jpeg", cache=True)
        elif match := PDF.fullmatch(path):
            self._pdf(*match.groups())
        else:
            self._not_found()

    def do_POST(self) -> None:
        path = self._checked_path()
        if path is None:
            return
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        lang, variant = query.get("lang", [""])[0], query.get("variant", [""])[0]
        if path == "/want" and self.server.preview.want(lang, variant):
            self._send(HTTPStatus.ACCEPTED, b"", "text/plain", cache=False)
        else:
            self._not_found()

    def _checked_path(self) -> str | None:
        """The request's path, or None once it is refused (not this machine, or not a plain path)."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        if host not in ("127.0.0.1", "localhost", "::1"):
            self._send(HTTPStatus.FORBIDDEN, b"the preview answers this machine only\n", "text/plain")
            return None
        return urllib.parse.urlsplit(self.path).path

    def _pdf(self, lang: str, variant: str) -> None:
        shown = self.server.preview.shown.get((lang, variant))
        if shown is None or not shown.pdf:
            self._not_found()
            return
        self._send(HTTPStatus.OK, (self.server.preview.out_dir / shown.pdf).read_bytes(),
                   "application/pdf", cache=False)

    def _events(self) -> None:
        """Server-sent events: the state each time it changes, a comment now and then to keep open."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        preview, seen = self.server.preview, -1
        try:
            while not self.server.closing:
                version = preview.wait(seen, KEEPALIVE_SECONDS)
                if version == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    seen = version
                    data = json.dumps(preview.state())
                    self.wfile.write(f"event: state\ndata: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed

    def _not_found(self) -> None:
        self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, cache: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        # Page images are named by the PDF they come from: never stale, so keep them.
        self.send_header("Cache-Control", "max-age=86400, immutable" if cache else "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)


def make_server(preview: Preview, port: int) -> PreviewServer:
    return PreviewServer(preview, port)
