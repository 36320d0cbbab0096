"""The API answers in the language the client asks for (Accept-Language); the
pages stay Indonesian unless the person picks English."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client):
    client.force_login(UserFactory(roles=["hr"]))
    return client


URL = "/api/v1/planning/jp-report/"


def test_api_follows_accept_language(hr_client):
    english = hr_client.get(URL, {"unit": "tidak-ada"}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert english.status_code == 400
    assert english.json()["errors"]["unit"] == ["No organisation unit has the code tidak-ada."]
    assert english["Content-Language"] == "en"
    indonesian = hr_client.get(URL, {"unit": "tidak-ada"}, HTTP_ACCEPT_LANGUAGE="id-ID,id;q=0.9,en;q=0.8")
    assert indonesian.json()["errors"]["unit"] == ["Tidak ada unit organisasi dengan kode tidak-ada."]


def test_api_without_a_supported_language_answers_in_indonesian(hr_client):
    for header in ("", "fr-FR,fr;q=0.9", "*"):
        body = hr_client.get(URL, {"unit": "tidak-ada"}, HTTP_ACCEPT_LANGUAGE=header).json()
        assert body["errors"]["unit"] == ["Tidak ada unit organisasi dengan kode tidak-ada."], header


def test_pages_ignore_accept_language(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "id"
