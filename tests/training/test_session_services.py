import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from tests.accounts.factories import EmployeeFactory
from training.models import Program, ProgramRevision, Session
from training.services import enrollment_create, program_revise, session_cancel, session_save
from training.tasks import send_enrollment_email, send_session_reminders

from .factories import ProgramFactory, SessionFactory, TrainerFactory, VenueFactory, in_days

pytestmark = pytest.mark.django_db


def new_session(**kw):
    defaults = {"program": ProgramFactory(), "start": in_days(20, 8), "end": in_days(20, 16), "capacity": 20}
    defaults.update(kw)
    return Session(**defaults)


def test_session_save_numbers_the_batch_and_creates_days():
    program = ProgramFactory(code="sipd")
    venue = VenueFactory()
    first = session_save(session=new_session(program=program, venue=venue))
    second = session_save(session=new_session(program=program, venue=venue, start=in_days(22, 8), end=in_days(23, 16)))
    assert (first.number, first.code, second.number, second.code) == (1, "sipd-1", 2, "sipd-2")
    assert second.days.count() == 2


def test_double_booked_venue_is_refused_with_a_clear_message():
    venue = VenueFactory(name="Aula BKPSDM")
    session_save(session=new_session(venue=venue))
    with pytest.raises(ValidationError) as exc:
        session_save(session=new_session(venue=venue, start=in_days(20, 13), end=in_days(20, 17)))
    assert "Aula BKPSDM" in exc.value.message_dict["venue"][0]


def test_double_booked_trainer_is_refused():
    trainer = TrainerFactory(name="Dr. Rahmat Hasibuan")
    session_save(session=new_session(venue=VenueFactory()), trainers=[trainer])
    with pytest.raises(ValidationError) as exc:
        session_save(
            session=new_session(venue=VenueFactory(), start=in_days(20, 15), end=in_days(20, 18)), trainers=[trainer]
        )
    assert "Dr. Rahmat Hasibuan" in exc.value.message_dict["trainers"][0]


def test_back_to_back_and_cancelled_sessions_do_not_clash():
    venue, trainer = VenueFactory(), TrainerFactory()
    morning = session_save(
        session=new_session(venue=venue, start=in_days(20, 8), end=in_days(20, 12)), trainers=[trainer]
    )
    session_save(session=new_session(venue=venue, start=in_days(20, 12), end=in_days(20, 16)), trainers=[trainer])
    session_cancel(session=morning, actor=None)
    session_save(session=new_session(venue=venue, start=in_days(20, 9), end=in_days(20, 11)), trainers=[trainer])


def test_editing_a_session_does_not_clash_with_itself():
    venue = VenueFactory()
    session = session_save(session=new_session(venue=venue))
    session.end = session.end + datetime.timedelta(hours=1)
    session_save(session=session)


@pytest.mark.parametrize(
    "kw,field",
    [
        ({"mode": Session.Mode.OFFLINE, "venue": None}, "venue"),
        ({"mode": Session.Mode.ONLINE, "venue": None, "online_link": ""}, "online_link"),
        ({"capacity": 500}, "capacity"),
        ({"end": in_days(19)}, "end"),
        ({"enrollment_closes": in_days(21)}, "enrollment_closes"),
        ({"cancellation_deadline": in_days(25)}, "cancellation_deadline"),
    ],
)
def test_session_save_validates_place_and_dates(kw, field):
    kw.setdefault("venue", VenueFactory(capacity=40))
    with pytest.raises(ValidationError) as exc:
        session_save(session=new_session(**kw))
    assert field in exc.value.message_dict


def test_cancelling_a_session_cancels_its_enrolments_and_tells_participants(django_capture_on_commit_callbacks):
    session = SessionFactory()
    enrollment = enrollment_create(session=session, employee=EmployeeFactory())
    with django_capture_on_commit_callbacks() as callbacks:
        session_cancel(session=session, actor=None, reason="Narasumber berhalangan")
    enrollment.refresh_from_db()
    assert enrollment.status == "cancelled"
    assert enrollment.events.last().note == "Narasumber berhalangan"
    assert len(callbacks) == 1  # the cancellation email, sent after commit
    mail.outbox.clear()
    send_enrollment_email(enrollment.pk, "cancelled")
    assert mail.outbox[0].subject.startswith("Pendaftaran dibatalkan")
    assert "Narasumber berhalangan" in mail.outbox[0].body


def test_program_revise_raises_revision_and_logs(hr_user):
    program = ProgramFactory()
    assert program.revision == 1
    rev = program_revise(
        program=program, actor=hr_user, summary="Materi post-test diperbarui", details="Soal 3-5 diganti"
    )
    program_revise(program=program, actor=hr_user, summary="Durasi ditambah")
    program.refresh_from_db()
    assert rev.number == 2 and program.revision == 3
    assert list(ProgramRevision.objects.filter(program=program).values_list("number", flat=True)) == [3, 2]


def test_reminders_are_sent_once_for_sessions_starting_tomorrow():
    tomorrow = SessionFactory(start=in_days(1, 8), end=in_days(1, 16))
    later = SessionFactory(start=in_days(3, 8), end=in_days(3, 16))
    a = enrollment_create(session=tomorrow, employee=EmployeeFactory())
    enrollment_create(session=later, employee=EmployeeFactory())
    mail.outbox.clear()
    assert send_session_reminders() == 1
    assert send_session_reminders() == 0
    assert [m.to for m in mail.outbox] == [[a.employee.email]]


def test_program_status_values_are_stable():
    assert {c.value for c in Program.Kind} >= {"classroom", "elearning", "blended", "workshop", "seminar", "coaching"}
    assert {c.value for c in Program.Category} == {
        "management",
        "it_egov",
        "soft_skills",
        "technical",
        "public_service",
    }


def test_capacity_cannot_drop_below_the_seats_already_taken():
    session = SessionFactory(capacity=3)
    for _ in range(3):
        enrollment_create(session=session, employee=EmployeeFactory())
    session.capacity = 2
    with pytest.raises(ValidationError) as exc:
        session_save(session=session)
    assert "3 peserta" in exc.value.message_dict["capacity"][0]


def test_rescheduling_tells_participants_but_other_edits_do_not(django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=5)
    for _ in range(2):
        enrollment_create(session=session, employee=EmployeeFactory())
    session.notes = "Bawa laptop"
    with django_capture_on_commit_callbacks() as callbacks:
        session_save(session=session)
    assert callbacks == []
    session.start += datetime.timedelta(hours=1)
    session.end += datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks() as callbacks:
        session_save(session=session)
    assert len(callbacks) == 2
    mail.outbox.clear()
    send_enrollment_email(session.enrollments.first().pk, "changed")
    assert mail.outbox[0].subject.startswith("Perubahan jadwal")
