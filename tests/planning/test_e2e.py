"""Browser journeys (headless Chromium, axe-core) through HR's planning pages."""

import threading
import time

import pytest
from django.db import connection
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from planning.services import bulk_enrollment_from_file, bulk_enrollment_run
from tests.accounts.factories import EmployeeFactory, UserFactory
from tests.e2e.conftest import axe_violations, login
from tests.training.factories import SessionFactory

from .conftest import csv_upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_hr_sees_the_jp_and_needs_charts_drawn_and_accessible(browser, live_server):
    UserFactory(username="rina", roles=["hr"])
    EmployeeFactory.create_batch(3)
    login(browser, live_server, "rina")
    for path in ["/planning/jp/", "/planning/needs/", "/planning/bulk/"]:
        browser.get(f"{live_server.url}{path}")
        assert axe_violations(browser) == [], path
    browser.get(f"{live_server.url}/planning/jp/")
    canvas = WebDriverWait(browser, 10).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "canvas[data-chart-drawn='1']"))
    )
    assert canvas.size["height"] > 100


# A job thread writes while the live server answers the page's polling: the
# shared-cache in-memory SQLite test database locks whole tables for that.
@pytest.mark.postgres
def test_the_bulk_report_page_follows_the_progress_and_shows_the_result(browser, live_server):
    hr = UserFactory(username="rina", roles=["hr"])
    people = EmployeeFactory.create_batch(4)
    job = bulk_enrollment_from_file(
        session=SessionFactory(capacity=3),
        uploaded=csv_upload("NIP\n" + "\n".join(e.nip for e in people) + "\n"),
        actor=hr,
    )
    login(browser, live_server, "rina")
    browser.get(f"{live_server.url}{job.get_absolute_url()}")
    assert browser.find_elements(By.CSS_SELECTOR, "[data-progress-url] .progress-bar")

    def work():  # what the worker does, while the page polls
        try:
            time.sleep(1)
            bulk_enrollment_run(job_id=job.pk)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    # When the job is done the page reloads itself (data-progress-done-url) with the result.
    WebDriverWait(browser, 20).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-progress-url]"))
    worker.join()
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "Dalam daftar tunggu" in text
    assert axe_violations(browser) == []
