"""HR pages: workshop details and agenda in the browser, action plans per session."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import EmployeeFactory, UserFactory
from tests.training.factories import EnrollmentFactory, ProgramFactory, SessionFactory, TrainerFactory
from workshops.models import AgendaItem, Topic, Workshop
from workshops.services import action_plan_submit, workshop_details_save

from .factories import WorkshopFactory, WorkshopProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client):
    client.force_login(UserFactory(roles=["hr"]))
    return client


def _agenda_post(rows, **details):
    data = {"agenda-TOTAL_FORMS": len(rows), "agenda-INITIAL_FORMS": 0, **details}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"agenda-{i}-{key}"] = value
    return data


def test_hr_sets_topic_facilitator_and_agenda(hr_client):
    program = WorkshopProgramFactory()
    trainer = TrainerFactory()
    rows = [
        {"day": 1, "start_time": "10:00", "end_time": "12:00", "title": "Simulasi"},
        {"day": 1, "start_time": "08:00", "end_time": "10:00", "title": "Pembukaan"},
        {"day": 1, "start_time": "", "end_time": "", "title": ""},  # an untouched extra row
    ]
    url = reverse("workshops:hr-edit", args=[program.code])
    response = hr_client.post(url, _agenda_post(rows, topic="teamwork", facilitator=trainer.pk))
    assert response.status_code == 302
    workshop = Workshop.objects.get(program=program)
    assert (workshop.topic, workshop.facilitator) == (Topic.TEAMWORK, trainer)
    assert list(workshop.agenda.values_list("title", flat=True)) == ["Pembukaan", "Simulasi"]


def test_invalid_agenda_row_answers_400_and_keeps_the_input(hr_client):
    program = WorkshopProgramFactory()
    rows = [{"day": 1, "start_time": "12:00", "end_time": "10:00", "title": "Sesi terbalik"}]
    response = hr_client.post(reverse("workshops:hr-edit", args=[program.code]), _agenda_post(rows, topic="leadership"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Sesi terbalik" in body and "Waktu selesai harus setelah waktu mulai." in body
    assert not AgendaItem.objects.exists()


def test_details_only_for_workshop_and_seminar_programs():
    with pytest.raises(ValidationError):
        workshop_details_save(program=ProgramFactory(), topic="communication", agenda=[])


def test_asn_cannot_open_hr_pages(client):
    client.force_login(EmployeeFactory().user)
    assert client.get(reverse("workshops:hr-list")).status_code == 403


@pytest.mark.parametrize("size", [1, 4])
def test_hr_pages_query_counts_are_constant(hr_client, django_assert_num_queries, size):
    workshop = WorkshopFactory()
    start = timezone.now() - datetime.timedelta(hours=1)
    session = SessionFactory(program=workshop.program, start=start, end=start + datetime.timedelta(hours=8))
    due = timezone.localdate() + datetime.timedelta(days=30)
    for _ in range(size):
        WorkshopFactory()
        enrollment = EnrollmentFactory(session=session)
        action_plan_submit(
            enrollment=enrollment, actions=[{"action": "Menerapkan salam 3S di loket", "due_date": due}] * 2
        )
    # session, user, groups and employee (navigation), programs with counts (one query).
    with django_assert_num_queries(5):
        assert hr_client.get(reverse("workshops:hr-list")).status_code == 200
    # session, user, groups, employee (navigation), session, participants with plans, plan items.
    with django_assert_num_queries(7):
        response = hr_client.get(reverse("workshops:hr-session-plans", args=[session.pk]))
    assert response.content.decode().count("Menerapkan salam 3S") == 2 * size


def test_edit_page_fills_time_and_date_inputs_in_the_format_browsers_read(hr_client):
    item = AgendaItem.objects.create(
        workshop=WorkshopFactory(), day=1, start_time=datetime.time(8, 30), end_time=datetime.time(10, 0), title="A"
    )
    body = hr_client.get(reverse("workshops:hr-edit", args=[item.workshop.program.code])).content.decode()
    assert 'value="08:30"' in body and 'value="10:00"' in body
