import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from community import services
from community.models import Support
from tests.accounts.factories import UserFactory

from .factories import MeetingFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_topic_list_is_public_and_paginated(api, asn):
    topic = TopicFactory(title="Antrean KTP-el")
    topic.category.answerers.add(asn)
    services.post_create(topic=topic, body="Jawaban resmi", author=asn, official=True)
    response = api.get("/api/v1/community/topics/", {"q": "KTP-el"})
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert row["title"] == "Antrean KTP-el" and row["replies"] == 1 and row["has_official_answer"] is True
    assert row["status"] == "answered"


def test_topic_list_rejects_an_unknown_sort_with_a_message(api):
    response = api.get("/api/v1/community/topics/", {"sort": "bogus"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "sort" in response.json()["errors"]


def test_topic_detail_hides_pending_topics(api):
    assert api.get(f"/api/v1/community/topics/{TopicFactory(visibility='pending').pk}/").status_code == 404
    body = api.get(f"/api/v1/community/topics/{TopicFactory().pk}/").json()
    assert body["posts"][0]["is_opening"] is True


def test_support_api_counts_one_vote_per_account(api, citizen):
    topic = TopicFactory()
    url = f"/api/v1/community/topics/{topic.pk}/support/"
    assert api.post(url).status_code in (401, 403)
    api.force_authenticate(citizen)
    assert api.post(url).json() == {"supports": 1}
    again = api.post(url)
    assert again.status_code == 409
    assert again.json()["code"] == "already_supported" and again.json()["detail"] == "Anda sudah mendukung topik ini."
    assert api.delete(url).status_code == 204
    assert not Support.objects.exists()


def test_meeting_registration_api(api):
    meeting = MeetingFactory(capacity=1)
    url = f"/api/v1/community/meetings/{meeting.pk}/register/"
    created = api.post(url, {"name": "Rina", "email": "rina@contoh.id"}, format="json")
    assert created.status_code == 201 and len(created.json()["code"]) == 8
    full = api.post(url, {"name": "Budi", "email": "budi@contoh.id"}, format="json")
    assert full.status_code == 409 and full.json()["detail"] == "Maaf, forum ini sudah penuh."
    bad = api.post(url, {"name": "", "email": "x"}, format="json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"name", "email"}
    listed = api.get("/api/v1/community/meetings/").json()
    assert listed[0]["registered"] == 1


def test_inputs_api_is_for_hr_and_admin(api, citizen, hr_user):
    today = timezone.localdate()
    topic = TopicFactory()
    services.topic_adopt(topic=topic, actor=hr_user, note="Masukan", service_code="akta", service_name="Akta")
    params = {"start": today - datetime.timedelta(days=1), "end": today}
    api.force_authenticate(citizen)
    assert api.get("/api/v1/community/inputs/", params).status_code == 403
    api.force_authenticate(hr_user)
    body = api.get("/api/v1/community/inputs/", params).json()
    assert [row["title"] for row in body["inputs"]] == [topic.title]
    assert (
        api.get("/api/v1/community/inputs/", {"start": today, "end": today - datetime.timedelta(days=3)}).status_code
        == 400
    )


def test_openapi_schema_includes_the_community_endpoints(api):
    admin = UserFactory(roles=["admin"])
    api.force_authenticate(admin)
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/community/topics/" in schema["paths"]
    assert "/api/v1/community/meetings/{id}/register/" in schema["paths"]
