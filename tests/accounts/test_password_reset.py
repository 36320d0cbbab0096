"""Password reset by email for ASN and citizens: same answer for unknown
addresses, rate limited, links that work once."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW = "Sandi-baru-2026!"


@pytest.fixture(autouse=True)
def _eager_tasks():
    from asn_competency.celery_app import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


def _ask(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("accounts:password-reset"), {"email": email})


def _link():
    return re.search(r"http://\S+", mail.outbox[-1].body).group(0).replace("http://127.0.0.1:8000", "")


def test_the_login_page_links_to_the_password_reset(client):
    assert reverse("accounts:password-reset") in client.get(reverse("accounts:login")).content.decode()


def test_an_asn_resets_the_password_with_the_emailed_link_once(client, django_capture_on_commit_callbacks):
    user = UserFactory(username="rina", email="rina@pemkomedan.go.id")
    response = _ask(client, "Rina@Pemkomedan.go.id", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password-reset-done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rina@pemkomedan.go.id"]
    assert "rina" in mail.outbox[0].body and "sandi" in mail.outbox[0].subject.lower()
    link = _link()
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:password-reset-complete")
    user.refresh_from_db()
    assert user.check_password(NEW)
    # The same link a second time (another browser): spent.
    from django.test import Client

    again = Client().get(link, follow=True)
    assert again.context["validlink"] is False
    assert "sudah dipakai" in again.content.decode()


def test_a_citizen_resets_the_password_too(client, django_capture_on_commit_callbacks):
    citizen = UserFactory(username="warga@contoh.id", email="warga@contoh.id")
    _ask(client, "warga@contoh.id", django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == [citizen.email]


def test_an_unknown_email_gets_the_same_answer_and_no_mail(client, django_capture_on_commit_callbacks):
    UserFactory(username="rina", email="rina@pemkomedan.go.id")
    known = _ask(client, "rina@pemkomedan.go.id", django_capture_on_commit_callbacks)
    unknown = _ask(client, "siapa@contoh.id", django_capture_on_commit_callbacks)
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1


def test_inactive_accounts_get_no_mail(client, django_capture_on_commit_callbacks):
    UserFactory(username="belum@contoh.id", email="belum@contoh.id", is_active=False)
    response = _ask(client, "belum@contoh.id", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and mail.outbox == []


def test_a_tampered_link_is_refused(client):
    response = client.get(
        reverse("accounts:password-reset-confirm", kwargs={"uidb64": "MQ", "token": "abc-123"}), follow=True
    )
    assert response.context["validlink"] is False


def test_password_reset_requests_are_rate_limited_per_address(client, settings, django_capture_on_commit_callbacks):
    settings.ACCOUNTS_PASSWORD_RESET_RATE_LIMIT = "2/d"
    UserFactory(username="rina", email="rina@pemkomedan.go.id")
    for _ in range(2):
        assert _ask(client, "rina@pemkomedan.go.id", django_capture_on_commit_callbacks).status_code == 302
    third = _ask(client, "rina@pemkomedan.go.id", django_capture_on_commit_callbacks)
    assert third.status_code == 429
    assert "Terlalu banyak permintaan" in third.content.decode()
    assert 'value="rina@pemkomedan.go.id"' in third.content.decode()
    assert len(mail.outbox) == 2


def test_an_invalid_email_is_explained_and_kept(client):
    response = client.post(reverse("accounts:password-reset"), {"email": "bukan-email"})
    assert response.status_code == 400
    assert 'value="bukan-email"' in response.content.decode()
    assert "masukkan alamat email dengan format yang benar" in response.content.decode().lower()
