"""community_inputs_for: what the evaluation team reads for program revisions."""

import datetime

import pytest
from django.utils import timezone

from community import selectors, services
from community.models import Meeting
from tests.accounts.factories import CompetencyFactory

from .factories import MeetingFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    from training.models import Program

    competency = CompetencyFactory(code="M.05")
    program = Program.objects.create(code="pelayanan-prima", title="Pelayanan Prima", category="public_service", jp=16)
    program.program_competencies.create(competency=competency, target_level=3)
    return program


def _held_meeting(days_ago):
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    return MeetingFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), status=Meeting.Status.HELD)


def test_inputs_for_a_program_include_linked_topics_outcomes_and_matching_competencies(program, hr_user):
    linked = services.topic_adopt(topic=TopicFactory(), actor=hr_user, note="Antrean", program=program)
    by_competency = services.topic_adopt(
        topic=TopicFactory(),
        actor=hr_user,
        note="Keramahan petugas",
        service_name="Akta",
        competencies=[program.competencies.get()],
    )
    services.topic_adopt(topic=TopicFactory(), actor=hr_user, note="Lain", service_name="Parkir")
    TopicFactory()  # not adopted
    meeting = _held_meeting(10)
    outcome = services.meeting_outcome_add(meeting=meeting, title="Pelatihan loket", program=program)
    services.meeting_outcome_add(meeting=meeting, title="Jadwal sampah", service_name="Sampah")
    today = timezone.localdate()
    inputs = selectors.community_inputs_for(start=today - datetime.timedelta(days=30), end=today, program=program)
    assert set(inputs.topics) == {linked, by_competency}
    assert list(inputs.outcomes) == [outcome]
    rows = inputs.rows()
    assert [r["kind"] for r in rows].count("topic") == 2 and rows[-1]["kind"] == "meeting_outcome"


def test_inputs_respect_the_period(hr_user):
    services.topic_adopt(topic=TopicFactory(), actor=hr_user, note="Baru", service_name="Akta")
    old_meeting = _held_meeting(100)
    services.meeting_outcome_add(meeting=old_meeting, title="Lama", service_name="Akta")
    today = timezone.localdate()
    recent = selectors.community_inputs_for(start=today - datetime.timedelta(days=30), end=today)
    assert recent.topics.count() == 1 and recent.outcomes.count() == 0
    older = selectors.community_inputs_for(
        start=today - datetime.timedelta(days=120), end=today - datetime.timedelta(days=90)
    )
    assert older.topics.count() == 0 and [o.title for o in older.outcomes] == ["Lama"]


def test_inputs_by_competency_and_service(program, hr_user):
    other = CompetencyFactory(code="M.01")
    topic = services.topic_adopt(
        topic=TopicFactory(), actor=hr_user, note="Integritas", service_code="ktp-el", service_name="KTP-el",
        competencies=[other],
    )  # fmt: skip
    today = timezone.localdate()
    assert list(selectors.community_inputs_for(start=today, end=today, competencies=[other]).topics) == [topic]
    assert list(selectors.community_inputs_for(start=today, end=today, service_code="ktp-el").topics) == [topic]
    assert not selectors.community_inputs_for(start=today, end=today, service_code="akta").topics.exists()


@pytest.mark.parametrize("size", [2, 8])
def test_inputs_rows_cost_two_queries(hr_user, django_assert_num_queries, size):
    for _n in range(size):
        services.topic_adopt(topic=TopicFactory(), actor=hr_user, note="x", service_name="Akta")
        services.meeting_outcome_add(meeting=_held_meeting(1), title="Hasil", service_name="Akta")
    today = timezone.localdate()
    # 1 adopted topics (program, category joined; support counts as a subquery), 1 outcomes with meetings.
    with django_assert_num_queries(2):
        rows = selectors.community_inputs_for(start=today - datetime.timedelta(days=2), end=today).rows()
    assert len(rows) == 2 * size
