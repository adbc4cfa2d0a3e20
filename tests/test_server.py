"""The preview's server: what it answers, to whom, and nothing outside the project's outputs."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import three_pages

from booklet.core.errors import BookletError
from booklet.preview.serve import start
from booklet.preview.server import MAX_BODY_BYTES, MAX_CONNECTIONS, Handler
from tests.preview_helpers import built, from_the_page, get, running, state, wait_for


@pytest.fixture
def mini(mini: Callable[..., Path]) -> Callable[..., Path]:
    """The three-page mini project (conftest.three_pages)."""
    return three_pages(mini)


def test_it_listens_on_localhost_only_and_serves_the_page(mini: Callable[..., Path]) -> None:
    with running(mini()) as server:
        assert server.server_address[0] == "127.0.0.1"
        assert server.url.startswith("http://127.0.0.1:")
        status, body, headers = get(server, "/")
        assert status == 200 and b'<script src="/preview.js">' in body
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert get(server, "/preview.js")[0] == get(server, "/preview.css")[0] == 200


def test_state_and_page_images_of_the_built_pdf(mini: Callable[..., Path]) -> None:
    root = mini()
    with running(root) as server:
        now = wait_for(server, built(1))
        [edition] = now["editions"]
        assert (edition["lang"], edition["variant"], edition["pages"]) == ("en", "screen", 3)
        assert edition["page_files"][1] == ["content/pages/2000.yaml"]
        assert now["landmarks"] == [{"label": "2000", "file": "content/pages/2000.yaml"}]
        assert (root / "build/25-years-together-en-screen.pdf").is_file()  # as booklet build writes it
        status, image, headers = get(server, "/page/en/screen/1/2-page.jpg")
        assert status == 200 and image.startswith(b"\xff\xd8") and headers["Content-Type"] == "image/jpeg"
        assert get(server, "/page/en/screen/1/4-page.jpg")[0] == 404  # there is no page 4
        assert get(server, "/page/en/screen/7/2-page.jpg")[0] == 404  # nor a 7th PDF
        status, pdf, _ = get(server, "/pdf/en/screen.pdf")
        assert status == 200 and pdf.startswith(b"%PDF-")


@pytest.mark.parametrize("path", [
    "/../booklet.yaml", "/%2e%2e/booklet.yaml", "/page/../../booklet.yaml", "/preview.js/../../booklet.yaml",
    "/booklet.yaml", "/content/lang/en.yaml", "/build/25-years-together-en-screen.pdf",
    "/page/en/screen/1/..%2f..%2fbooklet.yaml", "/pdf/..%2f..%2fbooklet/screen.pdf", "/pdf/en/../../x.pdf",
    "/static//etc/passwd", "//etc/passwd", "/page/en/screen/1/1-page.jpg/../../../booklet.yaml",
])
def test_no_path_leads_to_another_file(mini: Callable[..., Path], path: str) -> None:
    with running(mini()) as server:
        wait_for(server, built(1))
        status, body, _ = get(server, path)
        assert status == 404 and body == b"not found\n"


def test_a_request_for_another_host_is_refused(mini: Callable[..., Path]) -> None:
    with running(mini()) as server:
        assert get(server, "/state", host="attacker.example")[0] == 403
        assert get(server, "/state", host=f"localhost:{server.server_address[1]}")[0] == 200


def test_the_switch_asks_for_another_variant(mini: Callable[..., Path]) -> None:
    root = mini()
    (root / "content/pages/999-blank.yaml").write_text("layout: blank\n")  # four pages, for print
    with running(root) as server:
        wait_for(server, built(1))
        page = from_the_page(server)
        assert get(server, "/want?lang=en&variant=nope", method="POST", headers=page)[0] == 404
        assert get(server, "/want?lang=en&variant=print", method="POST", headers=page)[0] == 202
        now = wait_for(server, lambda s: any(e["variant"] == "print" and e["generation"]
                                             for e in s["editions"]))
        assert {e["variant"] for e in now["editions"]} == {"screen", "print"}


def test_a_port_in_use_is_one_line(mini: Callable[..., Path]) -> None:
    root = mini()
    with running(root) as server, pytest.raises(BookletError) as raised:
        start(root, ["en"], ["screen"], server.server_address[1], root / "build")
    assert str(raised.value) == (f"port {server.server_address[1]} is already in use (another preview?) "
                                 "(stop it, or choose another port with --port)")


def test_a_post_must_come_from_the_page(mini: Callable[..., Path]) -> None:
    """Any page the user visits can send a POST to 127.0.0.1: it cannot read the page's token."""
    with running(mini()) as server:
        wait_for(server, built(1))
        page = from_the_page(server)
        want = "/want?lang=en&variant=print"
        refused = [
            {},  # no token: a form or a fetch from another site
            {"X-Booklet-Token": "guessed"},
            {**page, "Origin": "http://evil.example"},  # the token leaked, but sent from elsewhere
            {**page, "Origin": f"http://127.0.0.1:{server.server_address[1] + 1}"},
            {**page, "Sec-Fetch-Site": "cross-site"},
        ]
        for headers in refused:
            status, body, _ = get(server, want, method="POST", headers=headers)
            assert status == 403, (headers, body)
        status, _, _ = get(server, want, method="POST", host="evil.example", headers=page)
        assert status == 403
        status, _, _ = get(server, want, method="POST", host=f"127.0.0.1:{server.server_address[1] + 1}",
                           headers=page)
        assert status == 403
        assert server.preview.variants == ["screen"]  # no build was asked for
        assert [e["variant"] for e in state(server)["editions"]] == ["screen"]
        assert get(server, want, method="POST", headers={**page, "Sec-Fetch-Site": "same-origin"})[0] == 202


def test_request_sizes_are_bounded(mini: Callable[..., Path]) -> None:
    with running(mini()) as server:
        page = from_the_page(server)
        status, _, headers = get(server, "/want?lang=en&variant=print", method="POST", headers=page,
                                 body=b"x" * (MAX_BODY_BYTES + 1))
        assert status == 413 and headers["Connection"] == "close"
        assert server.preview.variants == ["screen"]
        many = {f"X-Header-{i}": "x" for i in range(120)}
        assert get(server, "/state", headers=many)[0] == 431  # http.server's limit of 100 headers


def test_connections_are_bounded(mini: Callable[..., Path]) -> None:
    with running(mini()) as server:
        port = server.server_address[1]
        held = [socket.create_connection(("127.0.0.1", port)) for _ in range(MAX_CONNECTIONS)]
        try:
            for connection in held:  # each one a request half sent
                connection.sendall(b"GET /state HTTP/1.1\r\nHost: 127.0.0.1")
            wait = time.monotonic() + 10
            while len(server.connections) < MAX_CONNECTIONS and time.monotonic() < wait:
                time.sleep(0.05)
            with socket.create_connection(("127.0.0.1", port), timeout=10) as extra:
                extra.sendall(f"GET /state HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
                assert extra.recv(100).startswith(b"HTTP/1.1 503")
        finally:
            for connection in held:
                connection.close()
        wait_for(server, lambda now: True)  # the slots come back: the server answers again


def test_a_request_half_sent_is_closed_after_the_read_timeout(mini: Callable[..., Path],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Handler, "timeout", 0.5)
    with running(mini()) as server, socket.create_connection(("127.0.0.1", server.server_address[1])) as slow:
        slow.sendall(b"GET /state HTTP/1.1\r\nHost: 127.0.0.1")
        slow.settimeout(10)
        started = time.monotonic()
        assert slow.recv(100) == b""  # closed by the server, with nothing said
        assert time.monotonic() - started < 5
