"""Browser journey (headless Chromium, axe-core): HR picks an audience and sees the
live count (htmx), sends, and the page follows the delivery (htmx polling)."""

import threading
import time

import pytest
from django.db import connection
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from announcements import services
from announcements.models import Announcement
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import axe_violations, login
from tests.training.factories import SessionFactory

from .conftest import participants

# The delivery thread writes while the live server answers the polling: PostgreSQL
# (the shared-cache in-memory SQLite test database locks whole tables for that).
# htmx swaps the preview and the progress bar (outerHTML) while the test reads them.
SWAPPED = (StaleElementReferenceException,)

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_hr_sees_the_audience_count_and_follows_the_delivery(browser, live_server):
    UserFactory(username="rina", roles=["hr"])
    session = SessionFactory()
    participants(session, 4)
    login(browser, live_server, "rina")
    browser.get(f"{live_server.url}/announcements/new/")
    assert axe_violations(browser) == []
    browser.find_element(By.NAME, "subject").send_keys("Ruang kelas pindah")
    browser.find_element(By.NAME, "body").send_keys("Ke **lantai 3**.")
    Select(browser.find_element(By.NAME, "session")).select_by_value(str(session.pk))
    WebDriverWait(browser, 10, ignored_exceptions=SWAPPED).until(
        lambda d: d.find_element(By.ID, "audience-preview").get_attribute("data-count") == "4"
    )
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit].btn-primary").click()
    WebDriverWait(browser, 10).until(lambda d: "/announcements/new/" not in d.current_url)
    announcement = Announcement.objects.get()
    assert axe_violations(browser) == []

    services.announcement_send(announcement_id=announcement.pk, actor=announcement.created_by)
    browser.get(f"{live_server.url}{announcement.get_absolute_url()}")
    assert browser.find_element(By.ID, "announcement-progress").get_attribute("data-status") == "queued"

    def work():  # what the worker does, while the page polls
        try:
            time.sleep(1)
            services.announcement_deliver(announcement_id=announcement.pk, batch_size=2)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    WebDriverWait(browser, 20, ignored_exceptions=SWAPPED).until(
        lambda d: d.find_element(By.ID, "announcement-progress").get_attribute("data-status") == "sent"
    )
    worker.join()
    assert "100%" in browser.find_element(By.ID, "announcement-progress").text
    assert axe_violations(browser) == []
