"""Helpers of the browser journeys: axe-core checks and log-in. The `browser`
and `phone` fixtures live in tests/conftest.py so that every app's journeys share them.
"""

import shutil
from pathlib import Path

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")


AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(driver, *, impacts=("serious", "critical")):
    """Run axe-core (from npm, devDependencies) on the current page; WCAG 2 A/AA rules."""
    from axe_selenium_python import Axe

    axe = Axe(driver, script_url=str(AXE_SCRIPT))
    axe.inject()
    results = axe.run(options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
    return [
        {
            "id": v["id"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]],
            # The first node's explanation (e.g. the contrast ratio found), for the failure message.
            "why": v["nodes"][0].get("failureSummary", "") if v["nodes"] else "",
        }
        for v in results["violations"]
        if v.get("impact") in impacts
    ]


def login(driver, live_server, username, password="secret-pass-123"):
    """Sign in and wait until the log-in page has answered: click() returns
    before the redirect, and a page opened right after it would still be anonymous."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{live_server.url}/accounts/login/")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 20).until(lambda d: "/accounts/login/" not in d.current_url)
