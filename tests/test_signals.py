"""A build stopped by Ctrl-C or SIGTERM leaves nothing half-made and the last good PDF in place."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import weasyprint
from click.testing import CliRunner

from booklet.cli import main
from tests.conftest import REPO


def leftovers(root: Path, tmp: Path) -> list[str]:
    return sorted([p.name for p in (root / "build").iterdir() if p.suffix != ".pdf"]
                  + [p.name for p in tmp.iterdir() if p.name.startswith("weasyprint-")])


def test_sigterm_during_layout(project: Path, tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "booklet.cli", "--project", str(project), "build", "--force",
               "--lang", "en", "--variant", "print"]
    pdf = project / "build/25-years-together-en-print.pdf"
    pdf.parent.mkdir()
    good = b"%PDF-1.7 the last good build\n"  # what is there must stay, whatever it is
    pdf.write_bytes(good)
    with subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) as build:
        assert build.stderr is not None
        for line in build.stderr:
            if "laying out pages" in line:
                build.send_signal(signal.SIGTERM)
                break
        rest = build.stderr.read()
        assert build.wait(timeout=60) == 130
    assert "Traceback" not in rest
    assert rest.endswith("Stopped. No PDF is half-written; any earlier PDF is still in place.\n")
    assert pdf.read_bytes() == good
    assert leftovers(project, tmp) == []


def test_ctrl_c_while_writing(mini: Callable[..., Path], monkeypatch: pytest.MonkeyPatch,
                              tmp_path: Path) -> None:
    root = mini()
    assert CliRunner().invoke(main, ["--project", str(root), "build"]).exit_code == 0
    pdf = root / "build/25-years-together-en-print.pdf"
    good = pdf.read_bytes()
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))

    def interrupted(self: Any, target: Any, **options: Any) -> None:
        target.write(b"%PDF-1.7 half")
        raise KeyboardInterrupt

    monkeypatch.setattr(weasyprint.Document, "write_pdf", interrupted)
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--force"])
    assert result.exit_code == 130
    assert result.stderr.endswith("\nStopped. No PDF is half-written; any earlier PDF is still in place.\n")
    assert pdf.read_bytes() == good
    assert leftovers(root, tmp_path) == []


def _ignoring_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _serving(root: Path) -> tuple[subprocess.Popen[str], int]:
    """booklet serve on a free port of 127.0.0.1, in its own process; and that port.

    It starts with SIGINT ignored, as a command a script runs in the background does (and
    as this test does, when make test is run so): kill -INT must stop it all the same."""
    command = [sys.executable, "-m", "booklet.cli", "--project", str(root), "serve", "--port", "0"]
    serve = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": str(REPO)}, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             preexec_fn=_ignoring_ctrl_c)
    assert serve.stdout is not None
    address = serve.stdout.readline()
    port = re.search(r"http://127\.0\.0\.1:(\d+)/", address)
    assert port, address
    return serve, int(port.group(1))


@contextlib.contextmanager
def _killed_after(serve: subprocess.Popen[str]) -> Iterator[subprocess.Popen[str]]:
    """The preview process, killed if a failed assertion leaves it running: a test that fails
    must not wait for it for ever (Popen's own exit waits without a timeout)."""
    with serve:  # closes the pipes and waits for the process, which by then has ended
        try:
            yield serve
        finally:
            if serve.poll() is None:
                serve.kill()


def _event_stream(port: int) -> socket.socket:
    stream = socket.create_connection(("127.0.0.1", port), timeout=30)
    stream.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    assert stream.recv(20).startswith(b"HTTP/1.1 200")
    return stream


def _half_request(port: int) -> socket.socket:
    slow = socket.create_connection(("127.0.0.1", port), timeout=30)
    slow.sendall(b"POST /want?lang=en&variant=print HTTP/1.1\r\nHost: 127.0.0.1")
    return slow


@pytest.mark.parametrize("client", [_event_stream, _half_request])
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_the_preview_stops_within_two_seconds(mini: Callable[..., Path], client: Callable[[int], Any],
                                              stop: signal.Signals) -> None:
    """Whatever its connections do, and while its first build runs (the mini build takes longer)."""
    serve, port = _serving(mini())
    with _killed_after(serve), client(port):
        started = time.monotonic()
        serve.send_signal(stop)
        assert serve.wait(timeout=30) == 130
        took = time.monotonic() - started
        assert serve.stderr is not None
        said = serve.stderr.read()
    assert took < 2.0, said
    assert "Traceback" not in said, said
    assert said.endswith("Stopped. No PDF is half-written; any earlier PDF is still in place.\n")


def test_the_preview_stops_its_workers_within_two_seconds(mini: Callable[..., Path]) -> None:
    """Four editions: the first build runs in worker processes, stopped with the preview."""
    serve, port = _serving(mini(translated=True))
    with _killed_after(serve), _event_stream(port) as stream:
        stream.settimeout(60)
        while b'"building": true' not in stream.recv(65536) and serve.poll() is None:
            pass
        time.sleep(4)  # the workers have started, and lay pages out
        started = time.monotonic()
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=30) == 130
        took = time.monotonic() - started
        assert serve.stderr is not None
        said = serve.stderr.read()
    assert took < 2.0, said
    assert "Traceback" not in said
