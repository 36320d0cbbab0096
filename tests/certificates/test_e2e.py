"""Browser journeys (headless Chromium, axe-core): the public verification page."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from certificates.services import certificate_render, certificate_revoke
from tests.e2e.conftest import axe_violations

from .factories import issued_certificate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_citizen_checks_a_certificate_on_a_phone_by_typing_its_code(browser, live_server, hr_user):
    certificate = certificate_render(certificate_id=issued_certificate(employee__full_name="Sri Lubis").pk)
    browser.set_window_size(390, 844)
    browser.get(f"{live_server.url}/certificates/verify/")
    assert axe_violations(browser) == []
    field = browser.find_element(By.ID, "id_code")
    field.send_keys(certificate.code)
    field.submit()
    # submit() returns before the next page has loaded: wait for it.
    WebDriverWait(browser, 20).until(lambda d: "Sertifikat sah" in d.page_source)
    assert "Sri Lubis" in browser.find_element(By.TAG_NAME, "main").text
    assert axe_violations(browser) == []

    certificate_revoke(certificate=certificate, actor=hr_user, reason="Data peserta keliru")
    browser.refresh()
    assert "Sertifikat dicabut" in browser.page_source
    assert axe_violations(browser) == []
