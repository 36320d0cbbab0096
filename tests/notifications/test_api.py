import pytest
from rest_framework.test import APIClient

from notifications import services
from notifications.models import Kind, Notification
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/notifications/"


@pytest.fixture
def api():
    return APIClient()


def test_list_needs_authentication(api):
    assert api.get(LIST).status_code == 401


def test_list_shows_own_notifications_only_paginated(api):
    me, other = UserFactory(), UserFactory()
    services.notify(users=[me], kind=Kind.SURVEY, title="Mine", link="/s/1/")
    services.notify(users=[other], kind=Kind.SURVEY, title="Theirs")
    api.force_authenticate(me)
    body = api.get(LIST).json()
    assert body["count"] == 1
    (item,) = body["results"]
    assert item["title"] == "Mine"
    assert item["kind"] == "survey"
    assert item["link"] == "/s/1/"
    assert item["is_read"] is False


def test_list_filters_unread_and_kind(api):
    me = UserFactory()
    (read,) = services.notify(users=[me], kind=Kind.SURVEY, title="Read one")
    services.notify(users=[me], kind=Kind.SURVEY, title="Unread survey")
    services.notify(users=[me], kind=Kind.FORUM_REPLY, title="Unread reply")
    services.notification_mark_read(user=me, notification_id=read.pk)
    api.force_authenticate(me)
    titles = [n["title"] for n in api.get(LIST, {"unread": "true"}).json()["results"]]
    assert sorted(titles) == ["Unread reply", "Unread survey"]
    titles = [n["title"] for n in api.get(LIST, {"unread": "false"}).json()["results"]]
    assert titles == ["Read one"]
    titles = [n["title"] for n in api.get(LIST, {"kind": "forum_reply"}).json()["results"]]
    assert titles == ["Unread reply"]


def test_list_refuses_invalid_filters_with_a_message(api):
    api.force_authenticate(UserFactory())
    response = api.get(LIST, {"unread": "maybe", "kind": "nope"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"unread", "kind"}


def test_list_query_count_does_not_grow_with_notifications(api, django_assert_num_queries):
    me = UserFactory()
    api.force_authenticate(me)
    services.notify(users=[me], kind=Kind.SURVEY, title="One")
    # The pagination's COUNT and the page's rows (force_authenticate: no session or token lookup).
    with django_assert_num_queries(2):
        assert api.get(LIST).status_code == 200
    for i in range(30):
        services.notify(users=[me], kind=Kind.ANNOUNCEMENT, title=f"N{i}")
    with django_assert_num_queries(2):
        assert api.get(LIST).status_code == 200


def test_read_marks_own_and_404s_others(api):
    me, other = UserFactory(), UserFactory()
    (mine,) = services.notify(users=[me], kind=Kind.SURVEY, title="Mine")
    (theirs,) = services.notify(users=[other], kind=Kind.SURVEY, title="Theirs")
    api.force_authenticate(me)
    response = api.post(f"{LIST}{theirs.pk}/read/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    response = api.post(f"{LIST}{mine.pk}/read/")
    assert response.status_code == 200
    assert response.json()["is_read"] is True
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_read_all_marks_only_own(api):
    me, other = UserFactory(), UserFactory()
    services.notify(users=[me, other], kind=Kind.ANNOUNCEMENT, title="All")
    services.notify(users=[me], kind=Kind.SURVEY, title="Mine")
    api.force_authenticate(me)
    response = api.post(f"{LIST}read-all/")
    assert response.status_code == 200
    assert response.json() == {"marked": 2}
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1


def test_schema_documents_the_filters_and_errors(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/notifications/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"unread", "kind", "page"}
    assert {"400", "401", "404"} <= set(operation["responses"])
    read = schema["paths"]["/api/v1/notifications/{id}/read/"]["post"]
    assert {"401", "403", "404"} <= set(read["responses"])
