"""A citizen's journey on a phone in headless Chromium, with axe-core checks of the public pages."""

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from feedback.models import Feedback
from tests.accounts.factories import OrgUnitFactory
from tests.e2e.conftest import axe_violations

from .factories import FeedbackFactory, ServiceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_citizen_sends_feedback_on_a_phone_and_gets_a_tracking_code(phone, live_server):
    unit = OrgUnitFactory(code="disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil")
    ServiceFactory(unit=unit, code="akta-kelahiran", name="Akta Kelahiran")
    OrgUnitFactory(code="dinkes", name="Dinas Kesehatan")
    phone.get(live_server.url + "/feedback/")
    assert axe_violations(phone) == []

    Select(phone.find_element(By.ID, "id_unit")).select_by_value("disdukcapil")
    # htmx swaps in the unit's services.
    WebDriverWait(phone, 10).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "#id_service option[value='akta-kelahiran']"))
    )
    Select(phone.find_element(By.ID, "id_service")).select_by_value("akta-kelahiran")
    for i in range(1, 10):
        radio = phone.find_element(By.CSS_SELECTOR, f"input[name='u{i}'][value='{3 if i % 2 else 4}']")
        phone.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", radio)
    kind = phone.find_element(By.CSS_SELECTOR, "input[name='kind'][value='compliment']")
    phone.execute_script("arguments[0].click();", kind)
    # Anonymous by default: the contact fields are hidden.
    assert not phone.find_element(By.ID, "fb-contact").is_displayed()
    phone.find_element(By.ID, "id_message").send_keys("Pengurusan akta kelahiran anak saya cepat dan gratis.")
    consent = phone.find_element(By.ID, "id_consent")
    phone.execute_script("arguments[0].click();", consent)
    submit = phone.find_element(By.CSS_SELECTOR, "button[type='submit'].btn-lg")
    phone.execute_script("arguments[0].click();", submit)

    WebDriverWait(phone, 10).until(ec.url_contains("/feedback/track/"))
    feedback = Feedback.objects.get()
    assert feedback.display_code in phone.page_source
    assert (feedback.service.code, feedback.kind, feedback.u2, feedback.u1) == ("akta-kelahiran", "compliment", 4, 3)
    assert axe_violations(phone) == []


def test_errors_keep_the_typed_message_and_are_accessible(phone, live_server):
    OrgUnitFactory(code="disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil")
    phone.get(live_server.url + "/feedback/")
    phone.find_element(By.ID, "id_message").send_keys("Antrean terlalu panjang.")
    submit = phone.find_element(By.CSS_SELECTOR, "button[type='submit'].btn-lg")
    phone.execute_script("arguments[0].click();", submit)
    WebDriverWait(phone, 10).until(ec.presence_of_element_located((By.ID, "form-errors")))
    assert phone.find_element(By.ID, "id_message").get_attribute("value") == "Antrean terlalu panjang."
    assert "Pilih unit yang Anda kunjungi." in phone.page_source
    assert axe_violations(phone) == []
    assert Feedback.objects.count() == 0


def test_ikm_page_draws_its_charts_and_is_accessible(browser, live_server):
    unit = OrgUnitFactory(name="Puskesmas Padang Bulan")
    for score in (4, 3, 3):
        FeedbackFactory(unit=unit, **{f"u{i}": score for i in range(1, 10)})
    browser.get(live_server.url + "/feedback/ikm/")
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return document.querySelectorAll('canvas[data-chart-drawn]').length") == 2
    )
    assert "Puskesmas Padang Bulan" in browser.page_source
    assert axe_violations(browser) == []


def test_other_public_pages_are_accessible(browser, live_server):
    from feedback.services import kiosk_create
    from tests.accounts.factories import UserFactory

    unit = OrgUnitFactory(code="disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil")
    _device, code = kiosk_create(name="Tablet", unit=unit, issued_by=UserFactory(roles=["hr"]))
    feedback = FeedbackFactory(unit=unit)
    for path in [
        "/feedback/track/",
        f"/feedback/track/{feedback.tracking_code}/",
        f"/feedback/poster/{unit.code}/",
        "/feedback/kiosk/pair/",
        f"/feedback/ikm/?unit={unit.code}",
    ]:
        browser.get(live_server.url + path)
        assert axe_violations(browser) == [], path
    # Pair the browser as the kiosk, then check the kiosk form itself.
    browser.get(live_server.url + "/feedback/kiosk/pair/")
    browser.find_element("name", "code").send_keys(code)
    browser.find_element("css selector", "form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("/feedback/kiosk/"))
    assert "navbar" not in browser.page_source
    assert axe_violations(browser) == [], "/feedback/kiosk/"


def test_the_kiosk_form_resets_to_a_blank_form_after_idle(browser, live_server, settings):
    from feedback.services import kiosk_create
    from tests.accounts.factories import UserFactory

    settings.FEEDBACK_KIOSK_IDLE_SECONDS = 2
    unit = OrgUnitFactory(code="disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil")
    _device, code = kiosk_create(name="Tablet", unit=unit, issued_by=UserFactory(roles=["hr"]))
    browser.get(live_server.url + "/feedback/kiosk/pair/")
    browser.find_element("name", "code").send_keys(code)
    browser.find_element("css selector", "form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements("name", "message"))
    message = browser.find_element("name", "message")
    message.send_keys("Warga sebelumnya menulis ini")
    # Nobody touches the tablet: the page returns to a blank form.
    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda b: b.find_element("name", "message").get_attribute("value") == ""
    )


def test_a_citizen_rates_and_reopens_on_the_tracking_page_of_a_phone(phone, live_server):
    """The follow-up forms are accessible, and a rating sent keeps the page usable."""
    from django.utils import timezone

    unit = OrgUnitFactory(code="disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil")
    feedback = FeedbackFactory(unit=unit, status=Feedback.Status.RESPONDED, responded_at=timezone.now())
    phone.get(live_server.url + f"/feedback/track/{feedback.tracking_code}/")
    assert axe_violations(phone) == []
    radio = phone.find_element(By.CSS_SELECTOR, "input[name='rating'][value='4']")
    phone.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", radio)
    radio.click()
    button = phone.find_element(By.XPATH, "//button[normalize-space()='Kirim penilaian']")
    phone.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    button.click()
    WebDriverWait(phone, 10).until(ec.presence_of_element_located((By.ID, "citizen-rating")))
    assert "4/5" in phone.find_element(By.ID, "citizen-rating").text
    assert axe_violations(phone) == []
    feedback.refresh_from_db()
    assert feedback.citizen_rating == 4
