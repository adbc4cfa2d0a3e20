"""The preview's server: what it answers, to whom, and nothing outside the project's outputs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import three_pages

from booklet.errors import BookletError
from booklet.serve import start
from tests.preview_helpers import built, get, running, wait_for


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
        assert now["years"] == [{"year": 2000, "file": "content/pages/2000.yaml"}]
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
        assert get(server, "/want?lang=en&variant=nope", method="POST")[0] == 404
        assert get(server, "/want?lang=en&variant=print", method="POST")[0] == 202
        now = wait_for(server, lambda s: any(e["variant"] == "print" and e["generation"]
                                             for e in s["editions"]))
        assert {e["variant"] for e in now["editions"]} == {"screen", "print"}


def test_a_port_in_use_is_one_line(mini: Callable[..., Path]) -> None:
    root = mini()
    with running(root) as server, pytest.raises(BookletError) as raised:
        start(root, ["en"], ["screen"], server.server_address[1], root / "build")
    assert str(raised.value) == (f"port {server.server_address[1]} is already in use (another preview?) "
                                 "(stop it, or choose another port with --port)")
