"""Take the README's screenshots from a running demo (`make run`) with headless Chromium.

.venv/bin/python docs/screenshots.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent / "screenshots"
PASSWORD = "medan-demo-2026"  # noqa: S105  (the published demo password)

# (file, login or None, path, window width, height)
SHOTS = [
    ("home.png", None, "/", 1280, 860),
    ("catalogue.png", "asn1", "/training/", 1280, 900),
    ("my-jp.png", "asn1", "/training/my/jp/", 1280, 900),
    ("feedback-phone.png", None, "/feedback/", 400, 860),
    ("ikm.png", None, "/feedback/ikm/", 1280, 900),
    ("evaluation-dashboard.png", "admin", "/evaluation/", 1280, 1000),
    ("forum.png", None, "/community/", 1280, 900),
]


def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--hide-scrollbars",
    ]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main():
    OUT.mkdir(exist_ok=True)
    browser = driver()
    current = None
    try:
        for name, user, path, width, height in SHOTS:
            if user != current:
                browser.delete_all_cookies()
                if user:
                    browser.get(f"{BASE}/accounts/login/")
                    browser.find_element(By.NAME, "username").send_keys(user)
                    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
                    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
                current = user
            browser.set_window_size(width, height)
            browser.get(BASE + path)
            browser.implicitly_wait(1)
            browser.save_screenshot(str(OUT / name))
            print("saved", name)
    finally:
        browser.quit()


if __name__ == "__main__":
    main()
