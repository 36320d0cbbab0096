"""Every 429 says when to come back: Retry-After, from the rate window."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.community.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _certificate_verify(client, settings):
    settings.CERTIFICATES_VERIFY_RATE_LIMIT = "1/h"
    return lambda: client.get(reverse("certificates:verify", args=["tidak-ada"]))


def _feedback_track_page(client, settings):
    settings.FEEDBACK_TRACK_RATE_LIMIT = "1/h"
    return lambda: client.get(reverse("feedback:track", args=["ABCD-1234"]))


def _feedback_track_api(client, settings):
    settings.FEEDBACK_TRACK_RATE_LIMIT = "1/h"
    return lambda: APIClient().get("/api/v1/feedback/track/ABCD-1234/")


def _meeting_register_api(client, settings):
    settings.COMMUNITY_REGISTRATION_RATE_LIMIT = "1/h"
    meeting = MeetingFactory()
    counter = iter(range(100))
    return lambda: APIClient().post(
        reverse("community-meeting-register", args=[meeting.pk]),
        {"name": "Warga", "email": f"warga{next(counter)}@contoh.id"},
        format="json",
    )


def _password_reset(client, settings):
    settings.ACCOUNTS_PASSWORD_RESET_RATE_LIMIT = "1/h"
    return lambda: client.post(reverse("accounts:password-reset"), {"email": "siapa@contoh.id"})


ENDPOINTS = [_certificate_verify, _feedback_track_page, _feedback_track_api, _meeting_register_api, _password_reset]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda f: f.__name__.strip("_"))
def test_a_429_carries_retry_after_within_the_rate_window(client, settings, endpoint):
    call = endpoint(client, settings)
    first = call()
    assert first.status_code != 429
    assert not first.has_header("Retry-After")
    refused = call()
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3600


def test_retry_after_is_the_rest_of_the_window(client, settings, monkeypatch):
    """django-ratelimit's windows end at a fixed, per-key instant: the header is
    the rest of that window, not the whole period, and counts down."""
    import django_ratelimit.core

    settings.CERTIFICATES_VERIFY_RATE_LIMIT = "1/h"
    now = [1_800_000_000.0]

    class Clock:
        @staticmethod
        def time():
            return now[0]

    monkeypatch.setattr(django_ratelimit.core, "time", Clock)
    url = reverse("certificates:verify", args=["tidak-ada"])
    client.get(url)
    first = int(client.get(url)["Retry-After"])
    step = 1 if first > 1 else 0
    now[0] += step
    assert int(client.get(url)["Retry-After"]) == first - step
