"""The operations that answered outside their schema, one by one, on the data
that made them do it (issue 12: nulls where strings were declared, pages declared
as arrays, a missing required field, "" as a URI, a status outside its enum)."""

import pytest
from rest_framework.authtoken.models import Token

from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, UserFactory
from tests.community.factories import MeetingFactory, PostFactory, TopicFactory
from tests.training.factories import ProgramFactory, SessionFactory, in_days
from training.services import enrollment_create

from .checks import call_and_check

pytestmark = pytest.mark.django_db


def _token(user):
    return {"Authorization": f"Token {Token.objects.create(user=user).key}"}


def test_units_without_a_parent_conform(api_schema):
    OrgUnitFactory(parent=None)
    body = call_and_check(api_schema["/api/v1/units/"]["GET"]).json()
    assert None in {unit["parent"] for unit in body}


def test_topic_list_is_a_page_and_topic_detail_allows_its_empty_fields(api_schema):
    topic = TopicFactory(program=None, service_code="")
    PostFactory(topic=topic, official_unit=None)
    page = call_and_check(api_schema["/api/v1/community/topics/"]["GET"]).json()
    assert page["count"] == 1 and page["results"][0]["id"] == topic.pk
    detail = call_and_check(api_schema["/api/v1/community/topics/{id}/"]["GET"], path_parameters={"id": topic.pk})
    assert detail.json()["topic"]["program"] is None


def test_a_meeting_without_an_online_link_gives_null_not_an_empty_uri(api_schema):
    MeetingFactory(online_url="")
    body = call_and_check(api_schema["/api/v1/community/meetings/"]["GET"]).json()
    assert body[0]["online_url"] is None


def test_program_detail_has_its_upcoming_sessions(api_schema):
    program = ProgramFactory()
    SessionFactory(program=program, start=in_days(10), end=in_days(11))
    operation = api_schema["/api/v1/programs/{code}/"]["GET"]
    body = call_and_check(operation, path_parameters={"code": program.code}).json()
    assert body["upcoming_sessions"] == 1


def test_cancelling_an_enrolment_answers_the_cancelled_status_it_declares(api_schema):
    employee = EmployeeFactory()
    session = SessionFactory(start=in_days(20), end=in_days(21))
    enrollment = enrollment_create(session=session, employee=employee)
    operation = api_schema["/api/v1/enrollments/{id}/cancel/"]["POST"]
    response = call_and_check(operation, headers=_token(employee.user), path_parameters={"id": enrollment.pk})
    assert response.json() == {"enrollment": enrollment.pk, "status": "cancelled"}


def test_jp_report_is_a_page(api_schema):
    EmployeeFactory()
    operation = api_schema["/api/v1/planning/jp-report/"]["GET"]
    page = call_and_check(operation, headers=_token(UserFactory(roles=["hr"]))).json()
    assert page["count"] == 1 and len(page["results"]) == 1
