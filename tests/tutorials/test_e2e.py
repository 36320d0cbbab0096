"""Browser journeys: an ASN works through a tutorial on a phone; HR sees the live
preview (sanitised) while typing; accessibility of the pages (axe-core)."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.accounts.factories import EmployeeFactory, UserFactory
from tests.e2e.conftest import axe_violations, login
from tests.training.factories import SessionFactory
from tests.workshops.factories import AgendaItemFactory
from training.models import JpLedgerEntry
from tutorials.models import TutorialStep

from .factories import make_tutorial

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _click_text(driver, text):
    driver.find_element(By.XPATH, f"//*[self::a or self::button][contains(normalize-space(), '{text}')]").click()


def test_asn_completes_a_tutorial_on_a_phone_and_gets_the_jp(phone, live_server):
    employee = EmployeeFactory(user__username="asn-e2e")
    tutorial = make_tutorial(steps=2, questions=2)
    login(phone, live_server, "asn-e2e")
    phone.get(f"{live_server.url}/tutorials/{tutorial.pk}/")
    assert axe_violations(phone) == []
    _click_text(phone, "Mulai")
    for _ in range(2):
        WebDriverWait(phone, 10).until(ec.presence_of_element_located((By.CSS_SELECTOR, "article h1")))
        assert axe_violations(phone) == []
        phone.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(phone, 10).until(ec.presence_of_element_located((By.CSS_SELECTOR, "input[type=radio]")))
    for question in tutorial.questions.all():
        right = question.choices.get(is_correct=True)
        phone.find_element(By.CSS_SELECTOR, f"input[name='q{question.pk}'][value='{right.pk}']").click()
    assert axe_violations(phone) == []
    phone.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(phone, 10).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".alert-success")))
    assert "Lulus dengan 100%" in phone.find_element(By.CSS_SELECTOR, ".alert-success").text
    assert JpLedgerEntry.objects.filter(employee=employee, source="tutorial").count() == 1


def test_hr_live_preview_renders_markdown_and_drops_scripts(browser, live_server):
    UserFactory(username="hr-e2e", roles=["hr"])
    tutorial = make_tutorial(steps=1, questions=1)
    step = TutorialStep.objects.get(tutorial=tutorial)
    login(browser, live_server, "hr-e2e")
    browser.get(f"{live_server.url}/tutorials/manage/steps/{step.pk}/")
    WebDriverWait(browser, 20).until(ec.text_to_be_present_in_element((By.ID, "step-preview"), "Masuk"))
    assert axe_violations(browser) == []
    body = browser.find_element(By.NAME, "body")
    body.clear()
    body.send_keys("**Tebal sekali** <script>window.pwned=1</script> <img src=x onerror=window.pwned=2>")
    WebDriverWait(browser, 20).until(ec.text_to_be_present_in_element((By.ID, "step-preview"), "Tebal sekali"))
    preview = browser.find_element(By.ID, "step-preview")
    assert preview.find_element(By.TAG_NAME, "strong").text == "Tebal sekali"
    assert preview.find_elements(By.TAG_NAME, "script") == []
    assert browser.execute_script("return window.pwned === undefined")


def test_workshop_pages_have_no_serious_accessibility_violations(browser, live_server):
    item = AgendaItemFactory()
    SessionFactory(program=item.workshop.program)
    for path in ["/workshops/", f"/workshops/{item.workshop.program.code}/"]:
        browser.get(live_server.url + path)
        assert axe_violations(browser) == [], path


def test_hr_pages_have_no_serious_accessibility_violations(browser, live_server):
    UserFactory(username="hr-axe", roles=["hr"])
    tutorial = make_tutorial(steps=2, questions=1)
    app = tutorial.application
    EmployeeFactory()
    item = AgendaItemFactory()
    login(browser, live_server, "hr-axe")
    for path in [
        "/tutorials/manage/",
        f"/tutorials/manage/tutorials/{tutorial.pk}/",
        f"/tutorials/manage/apps/{app.code}/version/",
        f"/tutorials/manage/tutorials/{tutorial.pk}/questions/new/",
        "/tutorials/readiness/",
        f"/tutorials/readiness/{app.code}/",
        "/tutorials/manage/stuck/",
        "/workshops/hr/",
        f"/workshops/hr/{item.workshop.program.code}/",
    ]:
        browser.get(live_server.url + path)
        assert axe_violations(browser) == [], path


def test_asn_pages_have_no_serious_accessibility_violations(browser, live_server):
    import datetime

    from django.utils import timezone

    from tests.training.factories import EnrollmentFactory

    employee = EmployeeFactory(user__username="asn-axe")
    tutorial = make_tutorial(steps=2, questions=1)
    step = tutorial.steps.get(position=1)
    item = AgendaItemFactory()
    start = timezone.now() - datetime.timedelta(hours=1)
    session = SessionFactory(program=item.workshop.program, start=start, end=start + datetime.timedelta(hours=6))
    enrollment = EnrollmentFactory(session=session, employee=employee)
    login(browser, live_server, "asn-axe")
    for path in [
        "/tutorials/",
        f"/tutorials/apps/{tutorial.application.code}/",
        f"/tutorials/apps/{tutorial.application.code}/stuck/?step={step.pk}",
        "/tutorials/my/",
        "/workshops/action-plans/",
        f"/workshops/action-plans/{enrollment.pk}/",
    ]:
        browser.get(live_server.url + path)
        assert axe_violations(browser) == [], path
