import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.accounts.factories import UserFactory
from tests.e2e.conftest import axe_violations, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_public_pages_have_no_serious_accessibility_violations(browser, live_server):
    for path in ["/", "/accounts/login/"]:
        browser.get(live_server.url + path)
        assert axe_violations(browser) == [], path


def test_styles_and_scripts_load_from_our_own_server(browser, live_server):
    browser.get(live_server.url + "/")
    # Bootstrap's CSS is applied (the navbar is a flex container) and htmx is defined.
    navbar = browser.find_element(By.CSS_SELECTOR, "nav.navbar")
    assert navbar.value_of_css_property("display") == "flex"
    assert browser.execute_script("return typeof window.htmx") == "object"
    assert browser.execute_script("return typeof window.bootstrap") == "object"


def test_an_admin_logs_in_sees_administration_and_logs_out(browser, live_server):
    UserFactory(username="admin-e2e", roles=["admin"], is_superuser=True, is_staff=True)
    login(browser, live_server, "admin-e2e")
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.CSS_SELECTOR, "[data-nav='admin:index']")))
    browser.find_element(
        By.XPATH, "//a[contains(@class, 'dropdown-toggle')][i[contains(@class, 'bi-person-circle')]]"
    ).click()
    browser.find_element(By.XPATH, "//button[normalize-space()='Keluar']").click()
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.LINK_TEXT, "Masuk")))


def test_the_menu_folds_into_a_toggle_on_a_phone(phone, live_server):
    phone.get(live_server.url + "/")
    toggler = phone.find_element(By.CSS_SELECTOR, ".navbar-toggler")
    assert toggler.is_displayed()
    toggler.click()
    WebDriverWait(phone, 5).until(ec.visibility_of_element_located((By.ID, "mainNav")))
