"""`booklet serve`: the preview, its web server and its watcher, run together until Ctrl-C.

`run()` takes the project, what to keep built, the port and a way to tell the
user things; it builds what is out of date, serves the page on 127.0.0.1,
rebuilds on every save and returns when stopped (KeyboardInterrupt, as a
build does) within STOP_SECONDS or so, whatever the browsers and the build are
doing: every connection is closed and a running build stopped as Ctrl-C stops
one (its workers too).  The server runs in the main thread; the first build
and the watcher in their own.
"""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable
from pathlib import Path

from booklet.core.errors import BookletError
from booklet.core.parallel import start_fork_server
from booklet.core.report import BuildReport
from booklet.preview.server import PreviewServer, make_server
from booklet.preview.state import Preview

DEFAULT_PORT = 8765
STOP_SECONDS = 1.0
"""How long a stop waits for a running build to end; a build in this process that is still
laying a page out then ends with the process (its daemon thread)."""


def start(root: Path, langs: list[str], variants: list[str], port: int, out_dir: Path,
          tell: Callable[[BuildReport], None] = lambda _report: None
          ) -> tuple[Preview, PreviewServer, threading.Event]:
    """A preview serving on 127.0.0.1:port and watching the project (stop the event to end it)."""
    preview = Preview(root, langs, variants, out_dir, tell)
    try:
        server = make_server(preview, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise BookletError(f"port {port} is already in use (another preview?)",
                               hint="stop it, or choose another port with --port") from None
        raise BookletError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    stop = threading.Event()

    def build_then_watch() -> None:
        if len(langs) > 1:
            start_fork_server()  # before a build asks for workers: see there
        preview.rebuild()
        preview.watch(stop)

    threading.Thread(target=build_then_watch, name="booklet-watch", daemon=True).start()
    return preview, server, stop


def run(root: Path, langs: list[str], variants: list[str], port: int, out_dir: Path,
        say: Callable[[str], None], tell: Callable[[BuildReport], None]) -> None:
    """Serve until Ctrl-C; say() is told the address, tell() each build's report."""
    preview, server, stop = start(root, langs, variants, port, out_dir, tell)
    say(f"Preview of {', '.join(langs)} ({', '.join(variants)}) at {server.url}")
    say("Open it in a browser; it rebuilds and refreshes on every save. Ctrl-C stops it.")
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        stop.set()
        server.server_close()
        preview.stop(STOP_SECONDS)
        preview.close()
