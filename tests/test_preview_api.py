"""The preview's JSON routes: a page's texts and where they are, saving and reviewing one, status."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from conftest import three_pages

from booklet.i18n.reviewstate import fingerprint
from booklet.preview.serve import start
from booklet.preview.server import PreviewServer
from tests.preview_helpers import from_the_page, get, wait_for


@pytest.fixture
def mini(mini: Callable[..., Path]) -> Callable[..., Path]:
    """The three-page mini project (conftest.three_pages), in English, Albanian and Serbian."""
    return three_pages(mini)


@contextmanager
def serving(root: Path, lang: str = "sq") -> Iterator[PreviewServer]:
    """A preview of one edition's screen PDF on a free port, stopped afterwards."""
    preview, server, stop = start(root, [lang], ["screen"], 0, root / "build")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        wait_for(server, _built(lang, 1))
        yield server
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        preview.close()


def _built(lang: str, generation: int) -> Callable[[dict[str, Any]], bool]:
    def test(now: dict[str, Any]) -> bool:
        return not now["building"] and any(e["lang"] == lang and e["generation"] >= generation
                                           for e in now["editions"])
    return test


def _json(server: PreviewServer, path: str, body: Any = None, headers: dict[str, str] | None = None
          ) -> tuple[int, Any]:
    if body is None:
        status, answer, _ = get(server, path)
    else:
        status, answer, _ = get(server, path, method="POST", body=json.dumps(body).encode(),
                                headers={"Content-Type": "application/json",
                                         **(headers if headers is not None else from_the_page(server))})
    try:
        return status, json.loads(answer)
    except ValueError:
        return status, answer


def _texts(server: PreviewServer, page: int, lang: str = "sq") -> dict[str, dict[str, Any]]:
    status, answer = _json(server, f"/api/texts?lang={lang}&variant=screen&page={page}")
    assert status == 200, answer
    return {t["key"]: t for t in answer["texts"]}


def test_the_texts_of_a_page_and_where_they_are_printed(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    with serving(root) as server:
        texts = _texts(server, 3)  # the year spread's milestones
        title = texts["m.one.title"]
        assert (title["english"], title["text"], title["state"]) == (
            "First milestone", "Arritja e parë", "draft")
        assert title["page_file"] == "content/pages/2000.yaml:5"
        assert title["lang_file"] == "content/lang/sq.yaml:13"
        assert title["version"] == fingerprint("Arritja e parë") and title["note"] == ""
        assert title["boxes"] and all(0 <= x < x + w <= 1 and 0 <= y < y + h <= 1
                                      for x, y, w, h in title["boxes"])
        room = texts["m.two.title"]["room"]  # the last milestone, on a page with blank paper below it
        assert room["lines"] >= 3 and room["chars"] >= 3 * 2 * len("Arritja e dytë"), room  # full lines
        assert room["says"].startswith(f"about {room['lines']} lines (about {room['chars']} characters)")
        body = texts["m.one.body"]
        assert body["boxes"][0][1] > title["boxes"][0][1]  # printed below its title
        # The running foot: its element is hidden, and a margin box prints its words at the foot.
        (foot,) = texts["running"]["boxes"]
        assert foot[1] > 0.85 and texts["running"]["text"] == "Arritjet"
        assert texts["running"]["room"]["says"].startswith("printed in a page margin")
        assert _json(server, "/api/texts?lang=sq&variant=screen&page=9")[0] == 404
        assert _json(server, "/api/texts?lang=fr&variant=screen&page=1")[0] == 404


def test_a_save_keeps_the_comments_and_the_rebuilt_page_shows_it(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    lang_file = root / "content/lang/sq.yaml"
    lang_file.write_text(lang_file.read_text().replace("m:\n", "# the year pages\nm:\n"))
    with serving(root) as server:
        title = _texts(server, 3)["m.one.title"]
        saved = {"lang": "sq", "key": "m.one.title", "text": "Arritja madhështore",
                 "version": title["version"]}
        status, answer = _json(server, "/api/text", saved)
        assert status == 200, answer
        assert answer == {"key": "m.one.title", "text": "Arritja madhështore",
                          "version": fingerprint("Arritja madhështore"), "state": "draft",
                          "file_version": hashlib.sha256(lang_file.read_bytes()).hexdigest()[:8]}
        written = lang_file.read_text()
        assert "# the year pages\nm:\n" in written and "title: Arritja madhështore\n" in written
        wait_for(server, _built("sq", 2))
        assert _texts(server, 3)["m.one.title"]["text"] == "Arritja madhështore"
        pdf = pypdfium2.PdfDocument(root / "build/25-years-together-sq-screen.pdf")
        assert "madhështore" in pdf[2].get_textpage().get_text_range()


def test_a_dropped_placeholder_is_refused_and_nothing_is_written(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    lang_file = root / "content/lang/sq.yaml"
    before = lang_file.read_bytes()
    with serving(root) as server:
        status, answer = _json(server, "/api/text", {"lang": "sq", "key": "labels.since", "text": "që nga",
                                                     "version": fingerprint("që nga {start}")})
        assert status == 422
        assert answer["error"].startswith("content/lang/sq.yaml:3:3: 'labels.since': {start} of the English "
                                          "is missing"), answer
        assert lang_file.read_bytes() == before


def test_two_tabs_saving_the_same_text_give_one_conflict(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    with serving(root) as server:
        version = _texts(server, 3)["m.one.title"]["version"]
        first = _json(server, "/api/text", {"lang": "sq", "key": "m.one.title", "text": "Tab A",
                                            "version": version})
        second = _json(server, "/api/text", {"lang": "sq", "key": "m.one.title", "text": "Tab B",
                                             "version": version})
        assert (first[0], second[0]) == (200, 409)
        assert second[1]["current"] == {"text": "Tab A", "version": fingerprint("Tab A")}
        assert "title: Tab A\n" in (root / "content/lang/sq.yaml").read_text()


def test_an_edit_in_another_program_is_a_conflict(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    lang_file = root / "content/lang/sq.yaml"
    with serving(root) as server:
        version = _texts(server, 3)["m.one.title"]["version"]
        lang_file.write_text(lang_file.read_text().replace("Arritja e parë", "Arritja nga redaktori"))
        status, answer = _json(server, "/api/text", {"lang": "sq", "key": "m.one.title", "text": "Nga faqja",
                                                     "version": version})
        assert status == 409 and answer["current"]["text"] == "Arritja nga redaktori"
        assert "Arritja nga redaktori" in lang_file.read_text() and "Nga faqja" not in lang_file.read_text()

        # Another text edited elsewhere: a save of this one keeps that edit, or, naming the whole
        # file's version as the panel read it, is a conflict too.
        status, page = _json(server, "/api/texts?lang=sq&variant=screen&page=3")
        body = next(t for t in page["texts"] if t["key"] == "m.one.body")
        lang_file.write_text(lang_file.read_text().replace("Arritja e dytë", "Arritja e dytë, e redaktuar"))
        before = lang_file.read_bytes()
        strict = {"lang": "sq", "key": "m.one.body", "text": "Përshkrim i ri.", "version": body["version"],
                  "file_version": page["file_version"]}
        status, answer = _json(server, "/api/text", strict)
        assert status == 409 and "was changed since this panel was opened" in answer["error"], answer
        assert lang_file.read_bytes() == before
        status, answer = _json(server, "/api/text", {k: v for k, v in strict.items() if k != "file_version"})
        assert status == 200, answer
        assert "Arritja e dytë, e redaktuar" in lang_file.read_text()  # merged, not lost
        assert "body: Përshkrim i ri.\n" in lang_file.read_text()


def test_a_save_not_from_the_page_or_outside_the_booklet_changes_nothing(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)

    def files() -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in root.rglob("*")
                if p.is_file() and "build" not in p.parts and ".cache" not in p.parts}

    before = files()
    with serving(root) as server:
        page = from_the_page(server)
        body = json.dumps({"lang": "sq", "key": "m.one.title", "text": "Hacked",
                           "version": fingerprint("Arritja e parë")}).encode()
        for route in ("/api/texts?lang=sq&variant=screen&page=3", "/api/status?lang=sq"):
            assert get(server, route, host="attacker.example")[0] == 403  # a name rebound to 127.0.0.1
        for host, headers in ((None, {}), (None, {"X-Booklet-Token": "guessed"}),
                              (None, {**page, "Origin": "http://attacker.example"}),
                              ("attacker.example", page), (None, {**page, "Sec-Fetch-Site": "cross-site"})):
            for route in ("/api/text", "/api/review"):
                status, _, _ = get(server, route, method="POST", host=host, headers=headers, body=body)
                assert status == 403, (route, host, headers)
        for lang, key in (("../x", "m.one.title"), ("../../booklet", "m.one.title"),
                          ("sq/../en", "m.one.title"), ("fr", "m.one.title"),
                          ("sq", "../booklet.yaml"), ("sq", "m.one.title/../../x"),
                          ("sq", "content/lang/en.yaml"), ("sq", "no.such.text")):
            for route, sent in (("/api/text", {"lang": lang, "key": key, "text": "x", "version": ""}),
                                ("/api/review", {"lang": lang, "key": key, "state": "reviewed", "note": ""})):
                status, answer = _json(server, route, sent)
                assert status == 404, (route, sent, answer)
    assert files() == before


def test_review_and_return_with_a_note(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    with serving(root) as server:
        status, before = _json(server, "/api/status?lang=sq")
        assert status == 200 and before["counts"]["reviewed"] == 0
        assert before["pages"]["3"]["unreviewed"] >= 2
        status, answer = _json(server, "/api/review",
                               {"lang": "sq", "key": "m.one.title", "state": "reviewed", "note": ""})
        assert status == 200, answer
        assert answer["state"] == "reviewed" and answer["counts"]["reviewed"] == 1
        assert answer["pages"]["3"]["reviewed"] == 1
        states = (root / "content/lang/sq.state.yaml").read_text()
        assert "m.one.title: {state: reviewed" in states
        status, answer = _json(server, "/api/review", {"lang": "sq", "key": "m.one.body", "state": "returned",
                                                       "note": "Too formal: “shkurtër” reads oddly"})
        assert status == 200 and answer["counts"]["returned"] == 1
        assert _json(server, "/api/review", {"lang": "sq", "key": "m.one.body", "state": "returned",
                                             "note": " "})[0] == 422  # a text goes back with a reason
        body = _texts(server, 3)["m.one.body"]  # read again, from the state file
        assert (body["state"], body["note"]) == ("returned", "Too formal: “shkurtër” reads oddly")
        status, now = _json(server, "/api/status?lang=sq")
        assert (now["counts"]["reviewed"], now["counts"]["returned"]) == (1, 1)
        assert now["counts"]["unreviewed"] == before["counts"]["unreviewed"] - 2


def test_a_save_during_a_build_is_built_too_and_an_overflow_names_the_texts(
        mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    with serving(root) as server:
        body = _texts(server, 3)["m.one.body"]
        first = _json(server, "/api/text", {"lang": "sq", "key": "m.one.body", "text": "Fjala e parë.",
                                            "version": body["version"]})
        assert first[0] == 200, first
        long = " ".join(["Një përshkrim shumë i gjatë që nuk hyn në faqe."] * 60)
        second = _json(server, "/api/text", {"lang": "sq", "key": "m.one.body", "text": long,
                                             "version": first[1]["version"]})  # while the first builds
        assert second[0] == 200, second
        now = wait_for(server, lambda s: not s["building"] and any(
            f["code"] == "overflow" for e in s["editions"] for f in e["findings"]))
        [overflow] = [f for e in now["editions"] for f in e["findings"] if f["code"] == "overflow"]
        assert overflow["page"] == 3 and "m.one.body" in overflow["keys"], overflow
        room = _texts(server, 3)["m.one.body"]["room"]  # the last good page, and why there is no room
        assert room["lines"] == 0 and room["says"].startswith("no room: "), room


def test_a_placeholder_says_what_fills_it(mini: Callable[..., Path]) -> None:
    from booklet.preview.texts import Sources
    from booklet.project.config import load_booklet

    sources = Sources.read(load_booklet(mini(translated=True)), "sq")
    [start] = sources.placeholders("labels.since")
    assert start["name"] == "start" and "{start} is its first year" in start["meaning"]


@pytest.mark.usefixtures("cyrillic")
def test_a_derived_editions_texts_are_its_sources_and_are_edited_there(mini: Callable[..., Path]) -> None:
    from booklet.preview.edits import EditRefused, review, save_text
    from booklet.preview.texts import Sources
    from booklet.project.config import load_booklet

    root = mini(translated=True)
    booklet = load_booklet(root)
    sources = Sources.read(booklet, "sr-Cyrl")
    assert sources.lang_file("m.one.title") == "content/lang/sr-Latn.yaml:13"
    assert sources.texts.by_key["m.one.title"].value == "Прво достигнуће"
    assert not sources.editable("m.one.title")
    before = (root / "content/lang/sr-Latn.yaml").read_bytes()
    with pytest.raises(EditRefused) as refused:
        save_text(booklet, "sr-Cyrl", "m.one.title", "Ново", sources.version("m.one.title"))
    assert refused.value.status == 422 and "sr-Latn" in refused.value.message
    assert not (root / "content/lang/sr-Cyrl.yaml").exists()
    assert (root / "content/lang/sr-Latn.yaml").read_bytes() == before
    now, kept_in = review(booklet, "sr-Cyrl", "m.one.title", "reviewed", "")  # the words are sr-Latn's
    assert kept_in == "content/lang/sr-Latn.state.yaml" and now.state("m.one.title") == "reviewed"
    assert Sources.read(booklet, "sr-Latn").state("m.one.title") == "reviewed"


def test_status_on_the_command_line_counts_returned_texts(mini: Callable[..., Path]) -> None:
    from click.testing import CliRunner

    from booklet.cli import main
    from booklet.preview.edits import review
    from booklet.project.config import load_booklet

    root = mini(translated=True)
    review(load_booklet(root), "sq", "m.one.body", "returned", "Say it as the English does")
    result = CliRunner().invoke(main, ["--project", str(root), "i18n", "status", "--lang", "sq"])
    assert result.exit_code == 0, result.output
    assert "  returned: 1\n    m.one.body\n" in result.output
    states = (root / "content/lang/sq.state.yaml").read_text()
    assert 'm.one.body: {state: returned' in states and 'note: "Say it as the English does"}' in states


def test_a_returned_texts_note_reaches_the_translator_in_the_po(mini: Callable[..., Path]) -> None:
    from booklet.i18n.po import export_po
    from booklet.preview.edits import review
    from booklet.project.config import load_booklet

    root = mini(translated=True)
    booklet = load_booklet(root)
    review(booklet, "sq", "m.one.body", "returned", "Too formal:\nsay it plainly")
    po = export_po(booklet, "sq").decode()
    assert "# returned by a reviewer: Too formal: say it plainly\n" in po
    assert po.index("returned by a reviewer") < po.index('msgctxt "m.one.body"')
    assert po.count("returned by a reviewer") == 1


def test_an_edit_of_the_english_keeps_its_placeholders_and_makes_translations_stale(
        mini: Callable[..., Path]) -> None:
    from booklet.preview.edits import EditRefused, review, save_text
    from booklet.preview.texts import Sources
    from booklet.project.config import load_booklet

    root = mini(translated=True)
    booklet = load_booklet(root)
    english = root / "content/lang/en.yaml"
    before = english.read_bytes()
    with pytest.raises(EditRefused) as refused:
        save_text(booklet, "en", "labels.since", "since then", fingerprint("since {start}"))
    assert refused.value.status == 422 and "{start} of the English is missing" in refused.value.message
    assert english.read_bytes() == before
    same = save_text(booklet, "en", "labels.since", "since {start}", fingerprint("since {start}"))
    assert same["version"] == fingerprint("since {start}") and english.read_bytes() == before  # no write
    review(booklet, "sq", "m.one.title", "reviewed", "")
    answer = save_text(booklet, "en", "m.one.title", "The *first* milestone", fingerprint("First milestone"))
    assert answer["state"] == "source" and "title: The *first* milestone\n" in english.read_text()
    assert Sources.read(booklet, "sq").state("m.one.title") == "stale"


def test_a_record_from_before_text_boxes_builds_the_pdf_again() -> None:
    from booklet.pipeline.uptodate import Built

    entry = {"digest": "0" * 64, "size": 1, "mtime_ns": 1, "pages": 1, "standins": [], "warnings": [],
             "page_files": [["content/pages/2000.yaml"]]}
    old = Built.from_json(entry)
    assert old is not None and old.text_pages is None  # read, and built again (Record.current)
    new = Built.from_json({**entry, "text_pages": [{"boxes": {"m.one.title": [[0.1, 0.2, 0.3, 0.02]]},
                                                    "room": 2.5, "rooms": {"m.one.title": 3.0},
                                                    "chars": {"m.one.title": 120}}]})
    assert new is not None and new.text_pages
    assert new.text_pages[0].boxes["m.one.title"] == [(0.1, 0.2, 0.3, 0.02)]
    damaged = [{"boxes": {"k": [["x", 0, 0, 0]]}, "room": None, "rooms": {}, "chars": {}}]
    assert Built.from_json({**entry, "text_pages": damaged}) is None
