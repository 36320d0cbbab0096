"""A headless Chromium of its own per browser journey (quit before the test
database goes, so no live-server thread outlives its test)."""

import os
import threading
import time

import pytest

from tests.e2e.conftest import CHROMEDRIVER, CHROMIUM


@pytest.fixture
def browser(live_server, tmp_path):
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
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
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
