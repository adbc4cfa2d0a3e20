"""Debian's Chromium, headless, driven by Selenium: what the browser tests share.

Importing this skips the importing test module on a machine without chromium and
chromedriver (make setup installs them as root); where CI is set, a missing browser
fails the tests instead of skipping them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.preview_helpers import WAIT_SECONDS

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
if not (CHROMIUM and DRIVER) and not os.environ.get("CI"):
    pytest.skip("needs Debian's chromium and chromium-driver (make setup installs them as root)",
                allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@contextlib.contextmanager
def chromium(width: int, height: int) -> Iterator[webdriver.Chrome]:
    """A headless Chromium with a window of width × height pixels, quit on the way out."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or "chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER or "chromedriver"), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def until(driver: webdriver.Chrome, script: str) -> Any:
    """Wait until the script returns something true; its value."""
    return WebDriverWait(driver, WAIT_SECONDS, poll_frequency=0.1).until(
        lambda d: d.execute_script(f"return {script};"))
