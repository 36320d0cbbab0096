"""Browser journeys through the forums and meetings (headless Chromium, axe-core)."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from community.models import Support
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import axe_violations, login

from .factories import MeetingFactory, PostFactory, TopicFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_community_pages_have_no_serious_accessibility_violations(browser, live_server):
    topic = TopicFactory(title="Antrean KTP-el di kecamatan")
    PostFactory(topic=topic)
    meeting = MeetingFactory()
    for path in [
        "/community/",
        topic.category.get_absolute_url(),
        topic.get_absolute_url(),
        "/community/search/?q=KTP",
        "/community/topics/new/",
        "/community/meetings/",
        meeting.get_absolute_url(),
        "/community/accounts/signup/",
    ]:
        browser.get(live_server.url + path)
        assert axe_violations(browser) == [], path


def test_a_citizen_supports_a_topic_without_reloading_and_replies(browser, live_server):
    UserFactory(username="warga-e2e", roles=["citizen"])
    topic = TopicFactory(title="Jam buka Puskesmas hari Sabtu")
    login(browser, live_server, "warga-e2e")
    WebDriverWait(browser, 10).until(lambda d: "/accounts/login/" not in d.current_url)
    browser.get(live_server.url + topic.get_absolute_url())
    browser.find_element(By.CSS_SELECTOR, "#participation button[aria-pressed='false']").click()
    # htmx swaps the buttons in place: the support button turns pressed with the new count.
    WebDriverWait(browser, 10).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, "#participation"), "Didukung · 1")
    )
    assert Support.objects.filter(topic=topic, user__username="warga-e2e").count() == 1
    browser.find_element(By.NAME, "body").send_keys("Apakah **poli gigi** juga buka?")
    browser.find_element(By.XPATH, "//button[normalize-space()='Kirim balasan']").click()
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".post-body strong")))
    assert "Balasan Anda telah diterbitkan." in browser.page_source


def test_a_guest_registers_for_a_meeting_on_a_phone(phone, live_server):
    meeting = MeetingFactory(title="Forum Konsultasi Adminduk")
    phone.get(live_server.url + meeting.get_absolute_url())
    phone.find_element(By.NAME, "name").send_keys("Rina Siregar")
    phone.find_element(By.NAME, "email").send_keys("rina@contoh.id")
    button = phone.find_element(By.XPATH, "//button[normalize-space()='Daftar hadir']")
    phone.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    button.click()
    code = WebDriverWait(phone, 10).until(ec.presence_of_element_located((By.ID, "registration-code"))).text
    assert len(code) == 8
    assert meeting.registrations.get().code == code
