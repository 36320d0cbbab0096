"""Login lockout (django-axes): one username, whatever its case, and the real
client address behind the trusted proxies."""

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "secret-pass-123"
TOKEN_URL = "/api/v1/auth/token/"


def _fail_web(client, username, times=5, **extra):
    for _ in range(times):
        client.post(reverse("accounts:login"), {"username": username, "password": "wrong"}, **extra)


def test_five_failures_on_officer_lock_other_spellings_on_the_web(client):
    UserFactory(username="officer")
    _fail_web(client, "officer")
    response = client.post(reverse("accounts:login"), {"username": "OfFiCeR", "password": PASSWORD})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert int(response["Retry-After"]) == 30 * 60  # the cool-off
    assert "_auth_user_id" not in client.session


def test_failures_in_mixed_case_count_together(client):
    UserFactory(username="officer")
    for spelling in ["officer", "OFFICER", "Officer", "oFFicer", " officer "]:
        _fail_web(client, spelling, times=1)
    response = client.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429


def test_five_failures_on_officer_lock_the_token_endpoint_in_any_case():
    UserFactory(username="officer")
    api = APIClient()
    for _ in range(5):
        api.post(TOKEN_URL, {"username": "officer", "password": "wrong"}, format="json")
    response = api.post(TOKEN_URL, {"username": "OfFiCeR", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert "token" not in response.json()
    assert int(response["Retry-After"]) > 0


def test_web_failures_lock_the_token_endpoint_too(client):
    UserFactory(username="moderator")
    _fail_web(client, "moderator")
    response = APIClient().post(TOKEN_URL, {"username": "MODERATOR", "password": PASSWORD}, format="json")
    assert response.status_code == 429


def test_username_normalise_is_the_one_spelling_rule():
    from accounts.usernames import axes_username, username_normalise

    assert username_normalise("  Warga@Contoh.ID ") == "warga@contoh.id"
    assert axes_username(None, {"username": " OfFiCeR"}) == "officer"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_the_lockout_is_per_real_client(client):
    """The proxy is REMOTE_ADDR for everyone; axes must count per client
    (the address the proxy appended), so one attacker does not lock out all."""
    UserFactory(username="officer")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"}  # the first entry is forged
    _fail_web(client, "officer", **attacker)
    locked = client.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD}, **attacker)
    assert locked.status_code == 429
    from axes.models import AccessAttempt

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.9"]
    # Another citizen behind the same proxy still signs in.
    other = client.post(
        reverse("accounts:login"),
        {"username": "officer", "password": PASSWORD},
        **proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert other.status_code == 302
