import pytest
from rest_framework.test import APIClient

from announcements import services
from announcements.models import Announcement
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/announcements/"
PREVIEW = "/api/v1/announcements/preview/"


@pytest.fixture
def api():
    return APIClient()


def test_only_hr_may_use_the_api(api, session_with_participants):
    assert api.get(LIST).status_code == 401
    api.force_authenticate(EmployeeFactory().user)
    assert api.get(LIST).status_code == 403
    assert api.get(PREVIEW, {"audience": "session", "session": session_with_participants.pk}).status_code == 403
    body = {"subject": "x", "body": "y", "audience": "session", "session": session_with_participants.pk}
    assert api.post(LIST, body, format="json").status_code == 403
    assert not Announcement.objects.exists()


def test_hr_previews_creates_sends_and_follows_an_announcement(api, hr, session_with_participants):
    api.force_authenticate(hr)
    preview = api.get(PREVIEW, {"audience": "session", "session": session_with_participants.pk})
    assert preview.status_code == 200 and preview.json() == {"recipients": 3}

    created = api.post(
        LIST,
        {"subject": "Ruang pindah", "body": "Lantai 3", "audience": "session", "session": session_with_participants.pk},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["status"] == "draft"

    sent = api.post(f"{LIST}{pk}/send/")
    assert sent.status_code == 202
    assert (sent.json()["status"], sent.json()["total"]) == ("queued", 3)
    again = api.post(f"{LIST}{pk}/send/")
    assert again.status_code == 409 and again.json()["code"] == "already_sent"

    services.announcement_deliver(announcement_id=pk)
    status = api.get(f"{LIST}{pk}/").json()
    assert (status["status"], status["delivered"], status["total"], status["percent"]) == ("sent", 3, 3, 100)
    assert api.get(LIST).json()["count"] == 1


def test_api_refusals(api, hr):
    api.force_authenticate(hr)
    unit = OrgUnitFactory()
    missing = api.post(LIST, {"subject": "x", "body": "y", "audience": "program"}, format="json")
    assert missing.status_code == 400 and "program" in missing.json()["errors"]
    too_long = api.post(
        LIST, {"subject": "x", "body": "y" * 5001, "audience": "unit", "unit": unit.code}, format="json"
    )
    assert too_long.status_code == 400 and "body" in too_long.json()["errors"]
    empty = api.post(LIST, {"subject": "x", "body": "y", "audience": "unit", "unit": unit.code}, format="json")
    assert empty.status_code == 201
    refused = api.post(f"{LIST}{empty.json()['id']}/send/")
    assert refused.status_code == 400 and refused.json()["code"] == "empty_audience"
    assert api.post(f"{LIST}999999/send/").status_code == 404
    assert api.get(f"{LIST}999999/").status_code == 404
    assert api.get(PREVIEW, {"audience": "unit", "unit": "no-such-unit"}).status_code == 400


def test_list_query_count_does_not_grow_with_announcements(api, hr, django_assert_num_queries):
    api.force_authenticate(hr)
    unit = OrgUnitFactory()
    services.announcement_create(actor=hr, subject="A", body="a", audience="unit", unit=unit)
    # The page's COUNT and its rows (targets joined): 2 (the permission's roles are
    # cached on this user object, which force_authenticate hands to each request).
    with django_assert_num_queries(2):
        assert api.get(LIST).status_code == 200
    for i in range(6):
        services.announcement_create(actor=hr, subject=f"B{i}", body="b", audience="unit", unit=OrgUnitFactory())
    with django_assert_num_queries(2):
        assert api.get(LIST).json()["count"] == 7
