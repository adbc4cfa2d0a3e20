"""Editing and reviewing on the page, in a real browser (Debian's Chromium, headless, via Selenium).

A text printed on a spread is clicked, edited and saved; the rebuilt spread and
the language file (its comments kept) have the new words.  A text marked
reviewed changes the counts; a dropped placeholder is refused in the panel;
two windows saving the same text give one conflict, not a lost edit.  Then,
in plain HTTP, a write without the token, with a foreign Host or naming a
path outside the project changes nothing.  Each test runs on the mini
project copied to tmp: the repository's files are never written.

With BOOKLET_SCREENSHOTS=folder the tests leave there what a user sees
(the panel open, two editions side by side, a conflict).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import three_pages
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select

from booklet.preview.server import PreviewServer
from tests.browser_helpers import chromium, until  # skips the module without a browser
from tests.preview_helpers import built, from_the_page, get, running, wait_for

SQ_WITH_COMMENTS = """\
# Albanian: translated by the field office, checked by Drita.
labels:
  head_of_mission: Shefi i Misionit
  since: "që nga {start}"
  document_title: Broshura e vogël
  photo_credit: "Foto: {credit}"
org: Organizata
cover: Vite së bashku
photos:
  cover: Një foto e kopertinës.
  credit: OSBE/Agron Beqiri
running: Arritjet
m:
  one:
    # the first milestone: keep it short
    title: Arritja e parë
    body: Një përshkrim i shkurtër.
  two:
    title: Arritja e dytë
"""


@pytest.fixture
def mini(mini: Callable[..., Path]) -> Callable[..., Path]:
    """The three-page mini project, with its translations (conftest.three_pages)."""
    return three_pages(mini)


CREDITED = {"  cover: A cover photo.\n": "  cover: A cover photo.\n  credit: OSCE/Agron Beqiri\n",
            "  cover: Fotografija korica.\n": "  cover: Fotografija korica.\n  credit: OEBS/Agron Beqiri\n",
            "standin: true}": "standin: true, credit: photos.credit}"}
"""A credit under the cover photo: its line, `Photo: {credit}`, is a printed text with a placeholder."""


@pytest.fixture
def translated(mini: Callable[..., Path]) -> Path:
    """The mini project with sq, sr-Latn and sr-Cyrl, a credited cover photo; sq.yaml has comments
    to keep."""
    root = mini({"content/lang/sq.yaml": SQ_WITH_COMMENTS}, translated=True)
    for name in ("content/lang/en.yaml", "content/lang/sr-Latn.yaml", "content/pages/010-cover.yaml"):
        path = root / name
        text = path.read_text(encoding="utf-8")
        for old, new in CREDITED.items():
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    with chromium(1366, 860) as driver:  # a laptop's screen
        yield driver


def shot(driver: webdriver.Chrome, name: str) -> None:
    folder = os.environ.get("BOOKLET_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))


def open_edition(driver: webdriver.Chrome, server: PreviewServer, lang: str) -> None:
    """The page, showing lang's edition once built."""
    driver.get(server.url)
    until(driver, "document.body.dataset.generation !== '0'")
    [button] = [b for b in driver.find_elements(By.CSS_SELECTOR, "#languages button") if b.text == lang]
    button.click()
    until(driver, f"document.body.dataset.edition === '{lang}-screen'"
                  " && document.body.dataset.generation !== '0'")


def hit(driver: webdriver.Chrome, lang: str, page: int, key: str) -> WebElement:
    """The place on the page where key is printed (the first line of it), once laid over the page."""
    selector = f'.page[data-lang="{lang}"][data-page="{page}"] .hit[data-key="{key}"]'
    until(driver, f"document.querySelector('{selector}')")
    element: WebElement = driver.find_element(By.CSS_SELECTOR, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)  # not under the bar
    return element


def panel_says(driver: webdriver.Chrome, words: str) -> str:
    said: str = until(driver, "(() => { const t = document.getElementById('panel-message').textContent;"
                              f" return t.includes({json.dumps(words)}) && t; }})()")
    return said


def texts_of(server: PreviewServer, lang: str, page: int) -> dict[str, Any]:
    status, body, _ = get(server, f"/api/texts?lang={lang}&variant=screen&page={page}")
    assert status == 200, body
    return {text["key"]: text for text in json.loads(body)["texts"]}


def edit(driver: webdriver.Chrome, words: str) -> None:
    area = driver.find_element(By.ID, "panel-text")
    area.clear()
    area.send_keys(words)


def test_click_a_text_edit_it_and_see_it_on_the_rebuilt_spread(
        translated: Path, browser: webdriver.Chrome) -> None:
    lang_file = translated / "content/lang/sq.yaml"
    with running(translated, langs=("en", "sq")) as server:
        wait_for(server, built(1))
        open_edition(browser, server, "sq")
        generation = browser.execute_script("return document.body.dataset.generation;")
        hit(browser, "sq", 3, "m.one.title").click()

        panel = browser.find_element(By.ID, "panel")
        assert panel.is_displayed()
        assert browser.find_element(By.ID, "panel-key").text == "m.one.title"
        assert browser.find_element(By.ID, "panel-english").text == "First milestone"
        assert browser.find_element(By.ID, "panel-text").get_attribute("value") == "Arritja e parë"
        assert "content/pages/2000.yaml:" in browser.find_element(By.ID, "panel-page-file").text
        assert "content/lang/sq.yaml:" in browser.find_element(By.ID, "panel-lang-file").text
        assert browser.find_element(By.ID, "panel-room").text.startswith("Room: ")
        shot(browser, "panel-open")

        edit(browser, "Arritja më e hershme")
        browser.find_element(By.ID, "panel-text").send_keys(Keys.CONTROL, Keys.ENTER)  # saves
        panel_says(browser, "the page shows it")
        assert browser.execute_script("return document.body.dataset.generation;") != generation
        hit(browser, "sq", 3, "m.one.title")  # laid over the new page again
        assert texts_of(server, "sq", 3)["m.one.title"]["text"] == "Arritja më e hershme"
        pdf = pypdf.PdfReader(translated / "build/25-years-together-sq-screen.pdf")
        assert "hershme" in "".join(page.extract_text() for page in pdf.pages)
        written = lang_file.read_text(encoding="utf-8")
        assert written == SQ_WITH_COMMENTS.replace("Arritja e parë", "Arritja më e hershme")

        browser.find_element(By.ID, "panel-close").click()
        assert not panel.is_displayed()


def test_review_on_the_page_and_a_dropped_placeholder_refused(
        translated: Path, browser: webdriver.Chrome) -> None:
    lang_file = translated / "content/lang/sq.yaml"
    with running(translated, langs=("en", "sq")) as server:
        wait_for(server, built(1))
        open_edition(browser, server, "sq")
        until(browser, "!document.getElementById('counts').hidden")
        reviewed = int(browser.find_element(By.ID, "counts").get_attribute("data-reviewed") or "-1")

        hit(browser, "sq", 3, "m.two.title").click()
        browser.find_element(By.ID, "panel-reviewed").click()
        panel_says(browser, "Marked reviewed")
        until(browser, f"document.getElementById('counts').dataset.reviewed === '{reviewed + 1}'")
        assert browser.find_element(By.ID, "panel-state").text == "reviewed"
        status, body, _ = get(server, "/api/status?lang=sq")
        assert json.loads(body)["counts"]["reviewed"] == reviewed + 1

        browser.find_element(By.CSS_SELECTOR, '#filters button[data-filter="unreviewed"]').click()
        picked = ("[...document.querySelectorAll('.page[data-page=\"3\"] .hit.picked')]"
                  ".map((h) => h.dataset.key)")
        assert "m.two.title" not in until(browser, picked)  # reviewed: no longer outlined
        assert "m.one.title" in browser.execute_script(f"return {picked};")
        browser.find_element(By.CSS_SELECTOR, '#filters button[data-filter="stale"]').click()
        said = browser.find_element(By.ID, "filtered").text
        assert said == "No spread has stale texts (the English changed since)."
        assert not any(row.is_displayed() for row in browser.find_elements(By.CSS_SELECTOR, ".spread-row"))
        browser.find_element(By.CSS_SELECTOR, '#filters button[data-filter=""]').click()

        hit(browser, "sq", 3, "m.one.body").click()
        browser.find_element(By.ID, "panel-return").click()
        browser.find_element(By.ID, "panel-return-note").send_keys("Too literal: say what changed.")
        browser.find_element(By.ID, "panel-send-back").click()
        panel_says(browser, "Sent back")
        assert texts_of(server, "sq", 3)["m.one.body"]["note"] == "Too literal: say what changed."

        before = lang_file.read_bytes()
        hit(browser, "sq", 1, "labels.photo_credit").click()
        edit(browser, "Foto e dikujt")  # its {credit} dropped
        browser.find_element(By.ID, "panel-save").click()
        refused = panel_says(browser, "content/lang/sq.yaml:")
        assert "{credit}" in refused
        assert browser.find_element(By.ID, "panel-text").get_attribute("value") == "Foto e dikujt"
        assert lang_file.read_bytes() == before


def test_two_windows_saving_one_text_give_one_conflict(
        translated: Path, browser: webdriver.Chrome) -> None:
    lang_file = translated / "content/lang/sq.yaml"
    with running(translated, langs=("en", "sq")) as server:
        wait_for(server, built(1))
        first = browser.current_window_handle
        open_edition(browser, server, "sq")
        hit(browser, "sq", 3, "m.one.title").click()
        browser.switch_to.new_window("window")
        second = browser.current_window_handle
        open_edition(browser, server, "sq")
        hit(browser, "sq", 3, "m.one.title").click()
        edit(browser, "Arritja e parë (nga skeda e dytë)")  # typed, not saved yet

        browser.switch_to.window(first)
        edit(browser, "Arritja e parë (nga skeda e parë)")
        browser.find_element(By.ID, "panel-save").click()
        panel_says(browser, "Saved")

        browser.switch_to.window(second)
        browser.find_element(By.ID, "panel-save").click()
        until(browser, "!document.getElementById('panel-conflict').hidden")
        assert browser.find_element(By.ID, "panel-theirs").text == "Arritja e parë (nga skeda e parë)"
        assert browser.find_element(By.ID, "panel-yours").text == "Arritja e parë (nga skeda e dytë)"
        assert "nga skeda e parë" in lang_file.read_text(encoding="utf-8")  # the first save stands
        shot(browser, "conflict")

        browser.find_element(By.ID, "panel-overwrite").click()  # knowingly
        panel_says(browser, "the page shows it")
        assert "nga skeda e dytë" in lang_file.read_text(encoding="utf-8")
        assert "nga skeda e parë" not in lang_file.read_text(encoding="utf-8")

        # An editor changes the same text in the file while the panel is open: the panel follows.
        lang_file.write_text(lang_file.read_text(encoding="utf-8").replace(
            "Arritja e parë (nga skeda e dytë)", "Arritja e parë (nga redaktori)"), encoding="utf-8")
        panel_says(browser, "This text was changed in the file")
        area = browser.find_element(By.ID, "panel-text")
        assert area.get_attribute("value") == "Arritja e parë (nga redaktori)"
        browser.close()
        browser.switch_to.window(first)


def test_two_editions_side_by_side(translated: Path, browser: webdriver.Chrome) -> None:
    with running(translated, langs=("en",)) as server:
        wait_for(server, built(1))
        browser.get(server.url)
        until(browser, "document.body.dataset.generation !== '0'")
        Select(browser.find_element(By.ID, "beside")).select_by_value("sr-Cyrl")  # built on asking
        until(browser, "document.body.dataset.beside.startsWith('sr-Cyrl-')")
        rows = browser.find_elements(By.CSS_SELECTOR, ".spread-row")
        assert [len(row.find_elements(By.CSS_SELECTOR, ".edition-spread")) for row in rows] == [2, 2]
        labels = [e.text for e in rows[1].find_elements(By.CSS_SELECTOR, ".edition-label")]
        assert labels == ["English (en)", "Serbian (Cyrillic) (sr-Cyrl)"]
        images = rows[1].find_elements(By.CSS_SELECTOR, "img")
        assert ["/en/" in i.get_attribute("src") for i in images] == [True, True, False, False]
        hit(browser, "sr-Cyrl", 3, "m.one.title").click()  # a text of the edition beside opens too
        area = browser.find_element(By.ID, "panel-text")
        assert area.get_attribute("value") == "Прво достигнуће"
        assert area.get_attribute("readonly")  # made from sr-Latn: edited there
        assert "content/lang/sr-Latn.yaml" in browser.find_element(By.ID, "panel-made-from").text
        shot(browser, "side-by-side")
        browser.find_element(By.ID, "panel-open-source").click()  # sr-Latn is built for it
        until(browser, "document.getElementById('panel').dataset.lang === 'sr-Latn'")
        assert area.get_attribute("value") == "Prvo dostignuće"
        assert not area.get_attribute("readonly")


def tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "build" not in p.parts
            and ".cache" not in p.parts}


def test_a_write_without_the_token_for_another_host_or_outside_the_project_changes_nothing(
        translated: Path) -> None:
    with running(translated, langs=("en", "sq")) as server:
        wait_for(server, built(1))
        version = texts_of(server, "sq", 3)["m.one.title"]["version"]
        before = tree(translated)
        outside = translated.parent / "outside.yaml"
        page = from_the_page(server)
        body = {"lang": "sq", "key": "m.one.title", "text": "Ndryshuar", "version": version}

        def post(path: str, what: dict[str, Any], headers: dict[str, str],
                 host: str | None = None) -> int:
            status, _, _ = get(server, path, host=host, method="POST",
                               headers={"Content-Type": "application/json", **headers},
                               body=json.dumps(what).encode())
            return status

        assert post("/api/text", body, {}) == 403  # no token
        assert post("/api/text", body, {"X-Booklet-Token": "guessed"}) == 403
        assert post("/api/text", body, page, host="attacker.example:80") == 403
        assert post("/api/review", {"lang": "sq", "key": "m.one.title", "state": "reviewed", "note": ""},
                    {}) == 403
        for lang, key in (("../../outside", "m.one.title"), ("sq/../../outside", "m.one.title"),
                          (str(outside.with_suffix("")), "m.one.title"), ("sq", "../../outside")):
            assert post("/api/text", {**body, "lang": lang, "key": key}, page) in (400, 404), (lang, key)
        assert tree(translated) == before

        post("/api/text", {**body, "file": str(outside)}, page)  # a path in the body is no path
        assert not outside.exists()
        after = tree(translated)
        assert {name for name in after if after[name] != before.get(name)} <= {
        "content/lang/sq.yaml", "content/lang/sq.state.yaml"}
