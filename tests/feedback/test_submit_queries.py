"""The public write path validates once in Python: a constant, small number of
queries per POST (issue 13), while every bad field still gets a 400 naming it."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import OrgUnit
from feedback.models import Feedback, Service
from tests.accounts.factories import OrgUnitFactory

from .factories import ALL_THREE, ServiceFactory


def _body(**overrides):
    body = {
        "unit": "dukcapil",
        "service": "ktp-el",
        "scores": dict(ALL_THREE),
        "kind": "complaint",
        "message": "Antrean perekaman sangat panjang hari ini.",
        "anonymous": True,
    }
    body.update(overrides)
    return body


@pytest.fixture
def api(db):
    unit = OrgUnitFactory(code="dukcapil", serves_public=True)
    ServiceFactory(unit=unit, code="ktp-el")
    return APIClient()


def test_public_post_runs_a_fixed_handful_of_queries(api, django_assert_num_queries):
    # First POST of a web process: unit = 1, service = 1 (then kept in the process's
    # memory, feedback.selectors.public_unit_cached), the submission with its history
    # entry and the officers' notice in the outbox = 1 statement (common.db.insert_linked:
    # no BEGIN/COMMIT in production; it also re-checks that the unit and service are
    # still active); here inside the test's transaction, so in a savepoint = 2 more (a
    # colliding tracking code rolls it back and retries). No SELECT per CheckConstraint
    # or per foreign key (full_clean added 36), whatever the table holds. (The outbox
    # row is published by the worker's relay: outbox.relay_soon.) Elsewhere (SQLite) insert_linked
    # checks the guard and saves the three rows in turn in a savepoint of its own: 5 more.
    statement = 3 if connection.vendor == "postgresql" else 8
    with django_assert_num_queries(2 + statement):
        response = api.post("/api/v1/feedback/", _body(), format="json")
    assert response.status_code == 201, response.content
    # Every later POST: the unit and service from memory, the statement only.
    with django_assert_num_queries(statement):
        response = api.post("/api/v1/feedback/", _body(kind="compliment"), format="json", REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 201, response.content
    assert Feedback.objects.count() == 2


def test_a_unit_or_service_changed_behind_the_memory_is_decided_by_the_database(api):
    assert api.post("/api/v1/feedback/", _body(), format="json").status_code == 201  # both kept in memory
    # Changed by another process (or a bulk UPDATE): no signal reaches this one.
    Service.objects.filter(code="ktp-el").update(is_active=False)
    response = api.post("/api/v1/feedback/", _body(), format="json")
    assert response.status_code == 400 and "service" in response.json()["errors"], response.content
    OrgUnit.objects.filter(code="dukcapil").update(serves_public=False)
    response = api.post("/api/v1/feedback/", _body(service=""), format="json")
    assert response.status_code == 400 and "unit" in response.json()["errors"], response.content
    assert Feedback.objects.count() == 1


def test_a_unit_made_again_under_the_same_code_takes_the_submission(api):
    assert api.post("/api/v1/feedback/", _body(service=""), format="json").status_code == 201
    old = OrgUnit.objects.get(code="dukcapil")
    OrgUnit.objects.filter(pk=old.pk).update(code="dukcapil-lama", serves_public=False)
    new = OrgUnit.objects.create(code="dukcapil", name="Disdukcapil (baru)", serves_public=True)
    response = api.post("/api/v1/feedback/", _body(service=""), format="json")
    assert response.status_code == 201, response.content
    assert Feedback.objects.filter(unit=new).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"scores": {**ALL_THREE, "U4": 5}}, "scores"),
        ({"unit": "tidak-ada"}, "unit"),
        ({"service": "tidak-ada"}, "service"),
        ({"kind": "rumor"}, "kind"),
        ({"message": "pendek"}, "message"),
        ({"anonymous": True, "contact": "0812 3456 7890"}, "contact"),
        ({"anonymous": False, "contact": "bukan kontak"}, "contact"),
        ({"gender": "x"}, "gender"),
    ],
)
def test_public_post_still_names_the_bad_field(api, overrides, field):
    response = api.post("/api/v1/feedback/", _body(**overrides), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Feedback.objects.exists()
