"""The preview in a real browser: Debian's Chromium, headless, driven by Selenium.

The page loads, shows the booklet as spreads, refreshes by itself after an
edit, and keeps the last good spreads (saying why) when an edit breaks the build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pypdf
import pytest
from conftest import three_pages
from selenium import webdriver
from selenium.webdriver.common.by import By

from tests.browser_helpers import chromium, until  # skips the module without a browser
from tests.preview_helpers import built, running, wait_for


@pytest.fixture
def mini(mini: Callable[..., Path]) -> Callable[..., Path]:
    """The three-page mini project (conftest.three_pages)."""
    return three_pages(mini)


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    with chromium(1400, 900) as driver:
        yield driver


LOADED_PAGES = ("[...document.querySelectorAll('.spread img')]"
                ".filter((img) => img.complete && img.naturalWidth > 0).length")


def test_spreads_refresh_after_an_edit_and_survive_a_broken_one(
        mini: Callable[..., Path], browser: webdriver.Chrome) -> None:
    root = mini()
    with running(root) as server:
        wait_for(server, built(1))
        browser.get(server.url)
        until(browser, "document.body.dataset.generation === '1'")
        captions = [c.text for c in browser.find_elements(By.CSS_SELECTOR, ".spread figcaption")]
        assert captions == ["page 1", "pages 2–3"]
        assert until(browser, f"{LOADED_PAGES} === 3")  # the cover, then 2 and 3 side by side
        assert len(browser.find_elements(By.CSS_SELECTOR, ".thumb")) == 2
        assert browser.find_element(By.CSS_SELECTOR, ".landmark").text == "2000"
        assert "needs a multiple of 4" in browser.find_element(By.ID, "general").text  # not of one spread

        lang = root / "content/lang/en.yaml"
        good = lang.read_text(encoding="utf-8").replace("First milestone", "Earliest milestone")
        lang.write_text(good, encoding="utf-8")
        until(browser, "document.body.dataset.generation === '2'")  # no reload: the page was told
        assert until(browser, f"{LOADED_PAGES} === 3")
        second = browser.find_elements(By.CSS_SELECTOR, ".spread img")[1]
        assert "/2/2-page.jpg" in second.get_attribute("src")
        pdf = pypdf.PdfReader(root / "build/25-years-together-en-screen.pdf")
        text = "".join(page.extract_text() for page in pdf.pages)
        assert "Earliest" in text  # build/ was updated as by booklet build

        lang.write_text(good.replace("  one:\n", "  one: [\n"), encoding="utf-8")
        until(browser, "document.body.dataset.status === 'failed'")
        banner = browser.find_element(By.ID, "banner")
        assert banner.is_displayed()
        assert "The last change broke the build: these are the last good spreads." in banner.text
        assert "content/lang/en.yaml:" in banner.text
        assert browser.execute_script(f"return {LOADED_PAGES};") == 3  # the last good spreads stay
        assert browser.execute_script("return document.body.dataset.generation;") == "2"


def test_the_switch_asks_for_another_variant_with_the_pages_token(
        mini: Callable[..., Path], browser: webdriver.Chrome) -> None:
    """The page's POST carries its token and its origin: the server takes it and builds the variant."""
    with running(mini()) as server:
        wait_for(server, built(1))
        browser.get(server.url)
        until(browser, "document.body.dataset.generation === '1'")
        [proof] = [b for b in browser.find_elements(By.CSS_SELECTOR, "#variants button") if b.text == "proof"]
        proof.click()
        wait_for(server, lambda now: any(e["variant"] == "proof" and e["generation"]
                                         for e in now["editions"]))
        until(browser, "document.body.dataset.edition === 'en-proof'")
