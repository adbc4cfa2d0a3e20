"""The preview's web server: the page, its state, server-sent events and page images, on 127.0.0.1 only.

`make_server()` takes a `Preview` and a port; returns a threading HTTP server
bound to the loopback address.  It answers a fixed list of addresses and
nothing else: the page and its script and style (from booklet/preview/static/), the
state as JSON, an event stream that says when it changed, page images and the
PDFs being shown — each looked up by edition, variant and number, never by
a path taken from the request, so no request can read another file.  A
request whose Host is not this server (a page elsewhere rebinding a name to
127.0.0.1) is refused.

The JSON routes under /api/ (api.py) answer the texts of a page and an
edition's status, and save or review a text.  Every other request changes
something, so it must prove it comes from the preview page (`_from_the_page`): the page's per-session token in
X-Booklet-Token (the page has it in a meta tag; no other site can read the
page) and, when the browser says where it comes from, this server's own
origin — or a page the user happens to visit could start builds.  Requests
are bounded: a body of at most MAX_BODY_BYTES, READ_SECONDS to send a
request, MAX_CONNECTIONS at once; `server_close()` closes every connection,
so a stop never waits for a browser.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import re
import secrets
import socket
import sys
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from booklet.preview import api
from booklet.preview.state import Preview

HOST = "127.0.0.1"
STATIC = Path(__file__).with_name("static")
FILES = {"/": ("index.html", "text/html; charset=utf-8"),
         "/preview.css": ("preview.css", "text/css; charset=utf-8"),
         "/preview.js": ("preview.js", "text/javascript; charset=utf-8"),
         "/editor.css": ("editor.css", "text/css; charset=utf-8"),
         "/texts.js": ("texts.js", "text/javascript; charset=utf-8"),
         "/panel.js": ("panel.js", "text/javascript; charset=utf-8")}
PAGE_IMAGE = re.compile(r"/page/([A-Za-z0-9-]{1,20})/([A-Za-z0-9_-]{1,40})/(\d{1,9})/(\d{1,5})"
                        r"-(thumb|page)\.jpg")
PDF = re.compile(r"/pdf/([A-Za-z0-9-]{1,20})/([A-Za-z0-9_-]{1,40})\.pdf")
API_GET = {"/api/texts": api.get_texts, "/api/status": api.get_status}
API_POST = {"/api/text": api.post_text, "/api/review": api.post_review}
KEEPALIVE_SECONDS = 10.0
TOKEN_HEADER = "X-Booklet-Token"
MAX_BODY_BYTES = 64 * 1024
"""Of a request's body: the page's requests carry a few words at most."""
READ_SECONDS = 10.0
"""To send a request (and between the requests of a kept-alive connection); then it is closed."""
MAX_CONNECTIONS = 32
"""Open at once: a page keeps one event stream and loads a few images at a time."""


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep the process alive
    block_on_close = False

    def __init__(self, preview: Preview, port: int) -> None:
        self.preview = preview
        self.closing = False
        self.token = secrets.token_urlsafe(32)
        """The page's proof that a request comes from it; new for every run."""
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__((HOST, port), Handler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    @property
    def hosts(self) -> tuple[str, ...]:
        """The Host a request for this server carries."""
        port = self.server_address[1]
        return f"{HOST}:{port}", f"localhost:{port}"

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            _refuse_busy(request)
            return
        with self.connections_lock:
            self.connections.add(request)
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._forget(request)
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._forget(request)

    def _forget(self, request: Any) -> None:
        with self.connections_lock:
            if request in self.connections:
                self.connections.discard(request)
                self.slots.release()

    def server_close(self) -> None:
        """Stop listening and close every connection, whatever it is doing (an event stream, a
        request half sent): their threads end at once."""
        self.closing = True
        super().server_close()
        with self.connections_lock:
            open_now = list(self.connections)
        for connection in open_now:
            with contextlib.suppress(OSError):  # closed already
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that went away (a reload, a closed tab) is no error, nor is a connection cut
        while the server stops (a request half read ends in whatever its socket raises): the
        terminal stays quiet."""
        # OSError: a socket reset, shut or gone (ConnectionError among them)
        if not getattr(self, "closing", False) and not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


def _refuse_busy(request: Any) -> None:
    try:
        request.settimeout(1.0)
        request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                        b"Connection: close\r\n\r\n")
    except OSError:
        pass
    finally:
        request.close()


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    body = b""
    """A POST's body, once _from_the_page() has read it."""
    timeout = READ_SECONDS

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal is for the build's messages

    def do_GET(self) -> None:
        path = self._checked_path()
        if path is None:
            return
        preview = self.server.preview
        if path in FILES:
            name, kind = FILES[path]
            body = (STATIC / name).read_bytes()
            if path == "/":  # the page's token, for its requests that change something
                body = body.replace(b'name="booklet-token" content=""',
                                    f'name="booklet-token" content="{self.server.token}"'.encode())
            self._send(HTTPStatus.OK, body, kind, cache=False)
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
        elif path in API_GET:
            self._json(*API_GET[path](preview, self._query()))
        else:
            self._not_found()

    def do_POST(self) -> None:
        path = self._checked_path()
        if path is None or not self._from_the_page():
            return
        query = self._query()
        lang, variant = query.get("lang", ""), query.get("variant", "")
        if path in API_POST:
            try:
                body = json.loads(self.body or b"null")
            except (ValueError, UnicodeDecodeError):
                self._json(HTTPStatus.BAD_REQUEST, {"error": "the body is not JSON"})
                return
            self._json(*API_POST[path](self.server.preview, body))
        elif path == "/want" and self.server.preview.want(lang, variant):
            self._send(HTTPStatus.ACCEPTED, b"", "text/plain", cache=False)
        else:
            self._not_found()

    def _query(self) -> dict[str, str]:
        """The request's query, one value a name (the first)."""
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        return {name: values[0] for name, values in query.items()}

    def _json(self, status: int, answer: dict[str, Any]) -> None:
        self._send(HTTPStatus(status), json.dumps(answer, ensure_ascii=False).encode(), "application/json")

    def _checked_path(self) -> str | None:
        """The request's path, or None once it is refused (not this server, or not a plain path)."""
        if (self.headers.get("Host") or "").strip().lower() not in self.server.hosts:
            self._refuse(HTTPStatus.FORBIDDEN, "the preview answers this machine only")
            return None
        return urllib.parse.urlsplit(self.path).path

    def _from_the_page(self) -> bool:
        """Whether a request that changes something comes from the preview page (else it is refused).

        Its body, if any, is read here: at most MAX_BODY_BYTES, and only once the rest is right.
        """
        origin = self.headers.get("Origin")
        if origin is not None and origin.lower() != f"http://{self.headers['Host'].strip().lower()}":
            self._refuse(HTTPStatus.FORBIDDEN, "the preview takes requests from its own page only")
            return False
        if self.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
            self._refuse(HTTPStatus.FORBIDDEN, "the preview takes requests from its own page only")
            return False
        given = self.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.server.token.encode()):
            self._refuse(HTTPStatus.FORBIDDEN, "the request does not carry the preview page's token")
            return False
        if self.headers.get("Transfer-Encoding"):
            self._refuse(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length")
            return False
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY_BYTES:
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE if length > 0 else HTTPStatus.BAD_REQUEST,
                         f"a request body may be {MAX_BODY_BYTES} bytes at most")
            return False
        self.body = self.rfile.read(length)  # read whole, so the next request starts clean
        return True

    def _refuse(self, status: HTTPStatus, why: str) -> None:
        """Answer status and close: an unread body must not be taken for the next request."""
        self.close_connection = True
        self._send(status, f"{why}\n".encode(), "text/plain")

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
        except OSError:
            return  # the page was closed, or the preview stopped and closed the connection

    def _not_found(self) -> None:
        self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, cache: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        # Page images are named by the PDF they come from: never stale, so keep them.
        self.send_header("Cache-Control", "max-age=86400, immutable" if cache else "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


def make_server(preview: Preview, port: int) -> PreviewServer:
    return PreviewServer(preview, port)
