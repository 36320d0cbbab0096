"""Fixtures shared by every app's tests: the headless browser of the journeys.

Without chromium/chromedriver the journeys skip; with REQUIRE_SERVICES=1 they fail.
"""

import os
import threading
import time

import pytest

from tests.e2e.conftest import CHROMEDRIVER, CHROMIUM


@pytest.fixture
def browser(live_server, tmp_path):
    """A headless Chromium of its own for each journey, quit before the test
    database goes: a browser shared between tests would keep connections to the
    live server open, and the server threads serving them would touch the next
    test's database (on SQLite that locks tables)."""
    if not (CHROMIUM and CHROMEDRIVER):
        message = "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {message}", pytrace=False)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        # Bootstrap scrolls smoothly unless motion is reduced: a click right after
        # WebDriver scrolled an element into view would land where it was moving from.
        "--force-prefers-reduced-motion",
        "--lang=id",
        f"--user-data-dir={tmp_path / 'chromium'}",
    ]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(
        t.name.startswith("Thread-") and "process_request" in t.name for t in threading.enumerate()
    ):
        time.sleep(0.05)


@pytest.fixture
def phone(browser):
    """The browser at a phone's width."""
    browser.set_window_size(390, 844)
    return browser


@pytest.fixture(autouse=True)
def _public_units_forgotten():
    """Each test starts without the public units and services a previous test's
    submissions kept in this process's memory (feedback.selectors.public_unit_cached):
    its database was rolled back, and query counts must not depend on test order."""
    from feedback.selectors import public_units_forget

    public_units_forget()
    yield
    public_units_forget()
