"""Workshop catalogue (by topic, constant queries), detail, action plan page and API."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.accounts.factories import EmployeeFactory
from tests.training.factories import EnrollmentFactory, ProgramFactory, SessionFactory
from training.models import Program
from workshops.models import ActionPlanItem, Topic

from .factories import AgendaItemFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def _running_enrollment(employee):
    workshop = WorkshopFactory()
    start = timezone.now() - datetime.timedelta(hours=2)
    session = SessionFactory(program=workshop.program, start=start, end=start + datetime.timedelta(hours=6))
    return EnrollmentFactory(session=session, employee=employee)


@pytest.mark.parametrize("size", [1, 4])
def test_catalogue_lists_upcoming_workshops_by_topic_with_constant_queries(client, django_assert_num_queries, size):
    for i in range(size):
        SessionFactory(program=WorkshopFactory(topic=Topic.LEADERSHIP).program)
        SessionFactory(program=WorkshopFactory(topic=Topic.TEAMWORK, program__kind=Program.Kind.SEMINAR).program)
        EnrollmentFactory(session=SessionFactory(program=WorkshopFactory(topic=Topic.COMMUNICATION).program))
        assert i >= 0
    SessionFactory(program=ProgramFactory())  # a classroom training: not listed
    # The sessions with program, workshop, facilitator, venue and seats (one query); anonymous visitor.
    with django_assert_num_queries(1):
        response = client.get(reverse("workshops:catalog"))
    assert response.status_code == 200
    assert len(response.context["sessions"]) == 3 * size
    body = response.content.decode()
    assert "Kepemimpinan" in body and "Kerja sama tim" in body
    with django_assert_num_queries(1):
        response = client.get(reverse("workshops:catalog") + "?topic=leadership")
    assert len(response.context["sessions"]) == size


def test_past_and_cancelled_sessions_are_not_listed(client):
    workshop = WorkshopFactory()
    start = timezone.now() - datetime.timedelta(days=3)
    SessionFactory(program=workshop.program, start=start, end=start + datetime.timedelta(hours=4))
    SessionFactory(program=workshop.program, status="cancelled")
    assert len(client.get(reverse("workshops:catalog")).context["sessions"]) == 0


def test_detail_shows_agenda_and_facilitator(client):
    item = AgendaItemFactory(title="Simulasi melayani warga")
    SessionFactory(program=item.workshop.program)
    body = client.get(reverse("workshops:detail", args=[item.workshop.program.code])).content.decode()
    assert "Simulasi melayani warga" in body and item.workshop.facilitator.name in body


def test_participant_writes_the_action_plan_and_errors_keep_the_input(client):
    employee = EmployeeFactory()
    client.force_login(employee.user)
    enrollment = _running_enrollment(employee)
    url = reverse("workshops:action-plan", args=[enrollment.pk])
    due = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    response = client.post(url, {"action_1": "Singkat", "due_date_1": due})
    assert response.status_code == 400
    assert "Singkat" in response.content.decode()
    response = client.post(
        url,
        {
            "action_1": "Menyapa setiap warga dengan salam 3S",
            "due_date_1": due,
            "action_2": "Rapat evaluasi layanan tiap Jumat",
            "due_date_2": due,
        },
    )
    assert response.status_code == 302
    assert ActionPlanItem.objects.filter(plan__enrollment=enrollment).count() == 2
    assert "Menyapa setiap warga" in client.get(reverse("workshops:my-plans")).content.decode()


def test_someone_elses_enrolment_is_not_found(client):
    enrollment = _running_enrollment(EmployeeFactory())
    client.force_login(EmployeeFactory().user)
    assert client.get(reverse("workshops:action-plan", args=[enrollment.pk])).status_code == 404


def test_api_sessions_and_action_plan():
    employee = EmployeeFactory()
    api = APIClient()
    api.force_authenticate(employee.user)
    SessionFactory(program=WorkshopFactory(topic=Topic.INTEGRITY).program)
    rows = api.get(reverse("workshop-session-list")).json()
    assert rows[0]["topic"] == "integrity"
    assert api.get(reverse("workshop-session-list") + "?topic=x").status_code == 400
    enrollment = _running_enrollment(employee)
    url = reverse("workshop-action-plan", args=[enrollment.pk])
    assert api.get(url).status_code == 404
    due = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    four = [{"action": f"Aksi nyata nomor {i}", "due_date": due} for i in range(4)]
    assert api.put(url, {"items": four}, format="json").status_code == 400
    response = api.put(url, {"items": four[:2]}, format="json")
    assert response.status_code == 200
    assert [i["position"] for i in response.json()["items"]] == [1, 2]
    assert api.get(url).json()["items"][1]["action"] == "Aksi nyata nomor 1"
