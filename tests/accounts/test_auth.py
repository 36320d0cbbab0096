import pytest
from django.test import override_settings
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "secret-pass-123"


def test_login_with_the_right_password_signs_in(client):
    user = UserFactory(username="rina")
    response = client.post(reverse("accounts:login"), {"username": "rina", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_shows_an_indonesian_error_and_keeps_the_username(client):
    UserFactory(username="rina")
    response = client.post(reverse("accounts:login"), {"username": "rina", "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "nama pengguna dan sandi yang benar" in body.lower()
    assert 'value="rina"' in body


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_login_even_for_the_right_password(client):
    UserFactory(username="budi")
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "budi", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "budi", "password": PASSWORD})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_signs_out(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_password_change_needs_the_old_password(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:password-change")
    bad = client.post(
        url, {"old_password": "nope", "new_password1": "Baru-sekali-2026", "new_password2": "Baru-sekali-2026"}
    )
    assert bad.status_code == 200
    assert "sandi lama anda yang dimasukkan salah" in bad.content.decode().lower()
    good = client.post(
        url, {"old_password": PASSWORD, "new_password1": "Baru-sekali-2026", "new_password2": "Baru-sekali-2026"}
    )
    assert good.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Baru-sekali-2026")


def test_profile_needs_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_pages_are_indonesian_by_default_and_switch_to_english(client):
    home = client.get(reverse("home"))
    assert 'lang="id"' in home.content.decode()
    assert "Masuk" in home.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    home = client.get(reverse("home"))
    assert 'lang="en"' in home.content.decode()
    assert "Log in" in home.content.decode()


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "<script>" not in response.content.decode()


def test_pages_load_no_asset_from_the_internet(client):
    body = client.get(reverse("home")).content.decode()
    assert "http://" not in body.replace("http://testserver", "")
    assert "https://" not in body


def test_an_english_browser_still_gets_indonesian_until_the_person_switches(client):
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="id"' in home.content.decode()


def test_login_ignores_the_case_of_the_username(client):
    user = UserFactory(username="warga1@contoh.id")
    response = client.post(reverse("accounts:login"), {"username": "Warga1@Contoh.id", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_prefers_the_exact_username_when_two_differ_only_in_case(client):
    UserFactory(username="Budi")
    exact = UserFactory(username="budi")
    client.post(reverse("accounts:login"), {"username": "budi", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(exact.pk)
