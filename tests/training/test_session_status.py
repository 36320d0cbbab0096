"""A session's status changes only through its actions (cancel, reopen, close),
attendance is never recorded ahead of time, and HR is warned about odd dates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from asn_competency.common.errors import ApplicationError
from tests.accounts.factories import EmployeeFactory
from training.forms import SessionForm
from training.models import Attendance, Enrollment, Program, Session
from training.services import (
    attendance_mark,
    attendance_mark_all_present,
    enrollment_cancel,
    enrollment_create,
    session_cancel,
    session_finalize,
    session_reopen,
    session_save,
    session_schedule_warnings,
)

from .factories import ProgramFactory, SessionFactory, VenueFactory, in_days, move_session

pytestmark = pytest.mark.django_db
S = Enrollment.Status


@pytest.fixture
def hr_client(client, hr_user):
    client.force_login(hr_user)
    return client


def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _form_data(session, **changes):
    data = {
        "program": session.program_id,
        "title": session.title,
        "start": timezone.localtime(session.start).strftime("%Y-%m-%d %H:%M"),
        "end": timezone.localtime(session.end).strftime("%Y-%m-%d %H:%M"),
        "mode": session.mode,
        "venue": session.venue_id,
        "capacity": session.capacity,
        "notes": "",
    }
    data.update(changes)
    return data


# --- the edit form ---------------------------------------------------------------


def test_session_form_has_no_status_field():
    assert "status" not in SessionForm().fields


def test_posting_a_status_to_the_edit_page_does_not_change_it(hr_client):
    session = SessionFactory()
    response = hr_client.post(
        reverse("training:hr-session-edit", args=[session.pk]), _form_data(session, status="finished", capacity=15)
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.capacity) == (Session.Status.SCHEDULED, 15)


def test_a_save_does_not_undo_a_cancellation_made_meanwhile(hr_user):
    session = SessionFactory()
    stale = Session.objects.get(pk=session.pk)  # the copy an edit form was built from
    session_cancel(session=session, actor=hr_user)
    stale.capacity = 10
    with pytest.raises(ApplicationError) as exc:
        session_save(session=stale)
    assert "Buka kembali sesi" in str(exc.value)
    assert Session.objects.get(pk=session.pk).status == Session.Status.CANCELLED


def test_edit_page_of_a_cancelled_session_sends_hr_back_to_the_roster(hr_client, hr_user):
    session = SessionFactory()
    session_cancel(session=session, actor=hr_user)
    response = hr_client.get(reverse("training:hr-session-edit", args=[session.pk]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "training:hr-session-roster", args=[session.pk]
    )


# --- closing -----------------------------------------------------------------------


def test_close_is_refused_before_the_last_day_has_ended(hr_user, employee):
    session = SessionFactory()
    enrollment_create(session=session, employee=employee)
    move_session(session, start=in_days(-1), end=in_days(1, 16))  # ongoing
    with pytest.raises(ApplicationError) as exc:
        session_finalize(session=session, actor=hr_user)
    assert exc.value.code == "not_ended"
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED
    assert session.enrollments.get().status == S.ENROLLED


def test_close_is_refused_for_a_cancelled_or_closed_session(hr_user):
    cancelled = SessionFactory()
    session_cancel(session=cancelled, actor=hr_user)
    move_session(cancelled, start=in_days(-3), end=in_days(-2))
    with pytest.raises(ApplicationError) as exc:
        session_finalize(session=cancelled, actor=hr_user)
    assert exc.value.code == "cancelled"
    closed = move_session(SessionFactory(), start=in_days(-3), end=in_days(-2))
    session_finalize(session=closed, actor=hr_user)
    with pytest.raises(ApplicationError) as exc:
        session_finalize(session=closed, actor=hr_user)
    assert exc.value.code == "finished"


def test_roster_offers_close_only_after_the_end(hr_client):
    session = move_session(SessionFactory(), start=in_days(-1), end=in_days(1, 16))
    url = reverse("training:hr-session-roster", args=[session.pk])
    finalize = reverse("training:hr-session-finalize", args=[session.pk])
    response = hr_client.get(url)
    assert finalize not in response.content.decode()
    assert "Sedang berlangsung" in response.content.decode()
    move_session(session, start=in_days(-3), end=in_days(-1, 16))
    assert finalize in hr_client.get(url).content.decode()


# --- cancelling and reopening ----------------------------------------------------------


def test_a_closed_session_cannot_be_cancelled_or_reopened(hr_user):
    session = move_session(SessionFactory(), start=in_days(-3), end=in_days(-2))
    session_finalize(session=session, actor=hr_user)
    with pytest.raises(ApplicationError):
        session_cancel(session=session, actor=hr_user)
    with pytest.raises(ApplicationError) as exc:
        session_reopen(session=session, actor=hr_user)
    assert exc.value.code == "finished"
    assert Session.objects.get(pk=session.pk).status == Session.Status.FINISHED


def test_only_a_cancelled_session_is_reopened(hr_user):
    with pytest.raises(ApplicationError) as exc:
        session_reopen(session=SessionFactory(), actor=hr_user)
    assert exc.value.code == "not_cancelled"


def test_reopening_a_cancelled_session_gives_the_participants_their_places_back(hr_user):
    session = SessionFactory(capacity=2)
    left_before = enrollment_create(session=session, employee=EmployeeFactory())
    enrollment_cancel(enrollment=left_before, actor=hr_user)  # left before the cancellation: stays cancelled
    first, second, third = (enrollment_create(session=session, employee=EmployeeFactory()) for _ in range(3))
    assert [e.status for e in (first, second, third)] == [S.ENROLLED, S.ENROLLED, S.WAITLISTED]
    session_cancel(session=session, actor=hr_user, reason="Salah klik")
    assert set(session.enrollments.values_list("status", flat=True)) == {S.CANCELLED}

    counts = session_reopen(session=session, actor=hr_user)

    assert counts == {"restored": 3, "skipped": 0}
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED
    statuses = {e.pk: e.status for e in session.enrollments.all()}
    assert [statuses[e.pk] for e in (first, second, third)] == [S.ENROLLED, S.ENROLLED, S.WAITLISTED]
    assert statuses[left_before.pk] == S.CANCELLED


def test_reopen_skips_people_who_joined_another_session_at_the_same_time(hr_user):
    session = SessionFactory()
    person = EmployeeFactory()
    enrollment_create(session=session, employee=person)
    session_cancel(session=session, actor=hr_user)
    other = SessionFactory(start=session.start, end=session.end)
    enrollment_create(session=other, employee=person)
    assert session_reopen(session=session, actor=hr_user) == {"restored": 0, "skipped": 1}


def test_reopen_is_refused_when_the_venue_was_booked_meanwhile(hr_user):
    venue = VenueFactory(name="Aula Melati")
    session = SessionFactory(venue=venue)
    session_cancel(session=session, actor=hr_user)
    SessionFactory(venue=venue, start=session.start, end=session.end)
    with pytest.raises(ApplicationError) as exc:
        session_reopen(session=session, actor=hr_user)
    assert "Aula Melati" in str(exc.value)
    assert Session.objects.get(pk=session.pk).status == Session.Status.CANCELLED


def test_hr_reopens_from_the_roster(hr_client, hr_user, employee):
    session = SessionFactory()
    enrollment_create(session=session, employee=employee)
    session_cancel(session=session, actor=hr_user)
    roster = hr_client.get(reverse("training:hr-session-roster", args=[session.pk])).content.decode()
    assert reverse("training:hr-session-reopen", args=[session.pk]) in roster
    response = hr_client.post(reverse("training:hr-session-reopen", args=[session.pk]), follow=True)
    assert "1 peserta mendapatkan kembali tempatnya" in response.content.decode()
    assert session.enrollments.get().status == S.ENROLLED


# --- attendance ----------------------------------------------------------------------


def test_attendance_of_a_future_day_is_refused(hr_user, employee):
    session = SessionFactory()  # 10 days ahead
    enrollment = enrollment_create(session=session, employee=employee)
    day = session.days.first()
    with pytest.raises(ApplicationError) as exc:
        attendance_mark(day=day, present_ids=[enrollment.pk], actor=hr_user)
    assert exc.value.code == "future_day"
    with pytest.raises(ApplicationError):
        attendance_mark_all_present(day=day, actor=hr_user)
    assert not Attendance.objects.exists()


def test_attendance_of_today_is_accepted(hr_user, employee):
    session = SessionFactory()
    enrollment = enrollment_create(session=session, employee=employee)
    move_session(session, start=in_days(0, 0), end=in_days(1, 16))
    assert attendance_mark_all_present(day=session.days.first(), actor=hr_user) == 1
    assert Attendance.objects.get(enrollment=enrollment).present


def test_mark_everyone_present_for_a_future_day_explains_and_saves_nothing(hr_client, employee):
    session = SessionFactory()
    enrollment_create(session=session, employee=employee)
    day = session.days.first()
    url = reverse("training:hr-attendance", args=[session.pk, day.pk])
    page = hr_client.get(url).content.decode()
    assert "Hari ini belum tiba" in page and "disabled" in page  # told in advance, buttons off
    response = hr_client.post(url, {"all_present": "1"})
    assert response.status_code == 400
    assert "dapat dicatat mulai hari itu" in response.content.decode()
    assert not Attendance.objects.exists()


# --- warnings ----------------------------------------------------------------------


def test_no_warning_for_a_working_day_under_a_published_program():
    tuesday = datetime.date(2027, 3, 2)  # an ordinary Tuesday
    session = Session(program=ProgramFactory(), start=_aware(tuesday, 8), end=_aware(tuesday, 16))
    assert session_schedule_warnings(session=session) == []


def test_warnings_name_a_draft_program_a_national_holiday_and_a_weekend():
    christmas = datetime.date(timezone.localdate().year + 1, 12, 25)
    program = ProgramFactory(status=Program.Status.DRAFT, title="Diklat SIPD")
    session = Session(
        program=program, start=_aware(christmas, 8), end=_aware(christmas + datetime.timedelta(days=2), 16)
    )
    warnings = session_schedule_warnings(session=session)
    text = " ".join(warnings)
    assert "Diklat SIPD" in text and "draf" in text.lower()
    assert "hari libur nasional" in text.lower() and "Natal" in text
    from feedback.workdays import national_holiday

    days = [christmas + datetime.timedelta(days=i) for i in range(3)]
    # A weekend day that is also a holiday is named once, as the holiday.
    weekend_days = [d for d in days if d.weekday() >= 5 and national_holiday(d) is None]
    assert sum("akhir pekan" in w for w in warnings) == len(weekend_days)


def test_warnings_do_not_stop_saving_and_show_on_the_roster(hr_client):
    saturday = datetime.date(2027, 2, 20)  # not a holiday
    program = ProgramFactory(status=Program.Status.DRAFT)
    session = session_save(
        session=Session(
            program=program,
            start=_aware(saturday, 8),
            end=_aware(saturday, 16),
            capacity=10,
            mode=Session.Mode.ONLINE,
            online_link="https://meet.example/x",
        )
    )
    page = hr_client.get(reverse("training:hr-session-roster", args=[session.pk])).content.decode()
    assert "adalah akhir pekan" in page and "masih berupa draf" in page
