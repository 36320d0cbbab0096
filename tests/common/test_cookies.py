"""The production cookies as a browser receives them, and htmx posting with them."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
PRODUCTION_COOKIES = {
    "SESSION_COOKIE_NAME": "__Host-sessionid",
    "CSRF_COOKIE_NAME": "__Host-csrftoken",
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


@override_settings(**PRODUCTION_COOKIES)
def test_log_in_sets_host_prefixed_secure_cookies_and_htmx_posts_with_the_page_token():
    UserFactory(username="rina")
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("accounts:login"), secure=True)
    csrf = page.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["path"] == "/" and not csrf["domain"] and csrf["httponly"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        reverse("accounts:login"),
        {"username": "rina", "password": "secret-pass-123", "csrfmiddlewaretoken": token},
        secure=True,
        headers={"Referer": "https://testserver/accounts/login/"},  # HTTPS: Django checks the referer too
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] and session["path"] == "/" and not session["domain"] and session["httponly"]
    assert int(session["max-age"]) == 8 * 3600
    # htmx: the token comes from hx-headers on <body>, never from the (HttpOnly) cookie.
    home = client.get(reverse("accounts:profile"), secure=True).content.decode()
    header_token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", home).group(1)
    logout = client.post(
        reverse("accounts:logout"),
        secure=True,
        headers={"X-CSRFToken": header_token, "Referer": "https://testserver/accounts/profile/"},
    )
    assert logout.status_code == 302
    assert "_auth_user_id" not in client.session
