import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from community.models import CitizenProfile
from community.tasks import send_signup_confirmation

pytestmark = pytest.mark.django_db
User = get_user_model()

DATA = {
    "full_name": "Rahmawati Siregar",
    "email": "Rahma@Contoh.id",
    "password1": "sandi-warga-2026",
    "password2": "sandi-warga-2026",
}


def _link_from_last_email():
    return re.search(r"http://\S+", mail.outbox[-1].body).group(0)


def test_signup_creates_an_inactive_citizen_and_the_link_activates_it(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("community:signup"), DATA)
    assert response.status_code == 302 and response["Location"] == reverse("community:signup-sent")
    assert len(callbacks) == 1  # the confirmation email is a Celery task, enqueued after commit
    user = User.objects.get(username="rahma@contoh.id")
    assert not user.is_active and user.groups.filter(name="citizen").exists()
    assert not hasattr(user, "employee") or user.employee is None
    profile = CitizenProfile.objects.get(user=user)
    assert send_signup_confirmation(profile.pk) is True
    assert send_signup_confirmation(profile.pk) is False
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rahma@contoh.id"]
    link = _link_from_last_email().replace("http://127.0.0.1:8000", "")
    response = client.get(link)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active
    assert client.get(reverse("community:index")).wsgi_request.user == user


def test_a_tampered_confirmation_link_is_refused(client):
    client.post(reverse("community:signup"), DATA)
    user = User.objects.get(username="rahma@contoh.id")
    send_signup_confirmation(user.citizen_profile.pk)
    link = _link_from_last_email().replace("http://127.0.0.1:8000", "")
    response = client.get(link[:-3] + "xyz/")
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_signup_with_a_taken_email_explains_and_keeps_the_input(client):
    User.objects.create_user(username="lama", email="rahma@contoh.id", password="x")
    response = client.post(reverse("community:signup"), DATA)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rahmawati Siregar" in page
    assert "sudah ada" in page


def test_signup_rejects_weak_or_mismatched_passwords(client):
    weak = client.post(reverse("community:signup"), {**DATA, "password1": "123", "password2": "123"})
    assert weak.status_code == 400
    mismatch = client.post(reverse("community:signup"), {**DATA, "password2": "lain-sandi-2026"})
    assert mismatch.status_code == 400
    assert not User.objects.filter(username="rahma@contoh.id").exists()


def test_signup_is_rate_limited(client, settings):
    settings.COMMUNITY_SIGNUP_RATE_LIMIT = "1/d"
    client.post(reverse("community:signup"), DATA)
    second = client.post(reverse("community:signup"), {**DATA, "email": "lain@contoh.id"})
    assert second.status_code == 429


def test_signing_up_again_before_confirming_sends_a_new_link_and_voids_the_old_one(client):
    client.post(reverse("community:signup"), DATA)
    user = User.objects.get(username="rahma@contoh.id")
    send_signup_confirmation(user.citizen_profile.pk)
    old_link = _link_from_last_email().replace("http://127.0.0.1:8000", "")
    response = client.post(
        reverse("community:signup"), {**DATA, "password1": "sandi-baru-2026", "password2": "sandi-baru-2026"}
    )
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="rahma@contoh.id").count() == 1
    assert send_signup_confirmation(user.citizen_profile.pk) is True
    new_link = _link_from_last_email().replace("http://127.0.0.1:8000", "")
    assert client.get(old_link).status_code == 400
    assert client.get(new_link).status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.check_password("sandi-baru-2026")
