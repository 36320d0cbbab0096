"""QR self check-in: signed, time-bound codes; refusals; late flag; the screen;
the API; and two scans at once giving one attendance row (PostgreSQL)."""

import datetime
import time

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from asn_competency.common.errors import ApplicationError
from tests.accounts.factories import EmployeeFactory, UserFactory
from training.models import Attendance, Enrollment, Session
from training.services import attendance_check_in, attendance_mark, check_in_token

from .factories import EnrollmentFactory, SessionFactory, TrainerFactory
from .test_concurrency import run_concurrently

pytestmark = pytest.mark.django_db


def _midnight(days=0):
    from django.utils import timezone

    local = timezone.localtime()
    return local.replace(hour=0, minute=0, second=0, microsecond=0) + datetime.timedelta(days=days)


def today_session(**kwargs):
    """A session running today (local midnight to 23:00), so its day is today."""
    return SessionFactory(start=_midnight(), end=_midnight() + datetime.timedelta(hours=23), **kwargs)


def day_of(session, offset=0):
    return session.days.get(date=(_midnight(offset)).date())


@pytest.fixture
def setup(db):
    session = today_session()
    enrollment = EnrollmentFactory(session=session)
    return session, day_of(session), enrollment


def test_scan_marks_the_enrolled_asn_present_once(setup, settings):
    settings.TRAINING_CHECK_IN_LATE_AFTER_MINUTES = 24 * 60
    session, day, enrollment = setup
    attendance, recorded = attendance_check_in(token=check_in_token(day=day), user=enrollment.employee.user)
    assert recorded and attendance.present and not attendance.late and attendance.checked_in_at
    again, recorded_again = attendance_check_in(token=check_in_token(day=day), user=enrollment.employee.user)
    assert again.pk == attendance.pk and not recorded_again
    assert Attendance.objects.filter(enrollment=enrollment, day=day).count() == 1


def test_scan_after_the_start_plus_the_delay_is_flagged_late(setup, settings):
    settings.TRAINING_CHECK_IN_LATE_AFTER_MINUTES = 0  # the day began at midnight
    _session, day, enrollment = setup
    attendance, _ = attendance_check_in(token=check_in_token(day=day), user=enrollment.employee.user)
    assert attendance.late


def test_scan_turns_a_row_hr_marked_absent_into_present(setup, hr_user):
    _session, day, enrollment = setup
    attendance_mark(day=day, present_ids=[], actor=hr_user)
    attendance, recorded = attendance_check_in(token=check_in_token(day=day), user=enrollment.employee.user)
    assert recorded and attendance.present
    # HR can still correct by hand afterwards
    attendance_mark(day=day, present_ids=[], actor=hr_user)
    assert not Attendance.objects.get(pk=attendance.pk).present


def test_the_code_changes_every_slot_and_is_stable_within_one(setup):
    _session, day, _enrollment = setup
    base = 1_700_000_020.0  # 10 s into a 30 s slot (slots start at multiples of 30)
    assert check_in_token(day=day, now=base) == check_in_token(day=day, now=base + 15)
    assert check_in_token(day=day, now=base) != check_in_token(day=day, now=base + 25)


def _refused(token, user):
    with pytest.raises(ApplicationError) as info:
        attendance_check_in(token=token, user=user)
    return info.value


def test_a_code_older_than_the_maximum_age_is_refused(setup, settings):
    settings.TRAINING_CHECK_IN_MAX_AGE_SECONDS = 60
    _session, day, enrollment = setup
    old = check_in_token(day=day, now=time.time() - 95)
    assert _refused(old, enrollment.employee.user).code == "expired"
    # a code of the previous slot is still accepted (the grace of the maximum age)
    previous = check_in_token(day=day, now=time.time() - 30)
    assert attendance_check_in(token=previous, user=enrollment.employee.user)[1]


def test_a_forged_code_is_refused(setup):
    _session, day, enrollment = setup
    token = check_in_token(day=day)
    forged = token.replace(f"{day.session_id}.{day.pk}", f"{day.session_id}.{day.pk + 1}")
    assert _refused(forged, enrollment.employee.user).code == "invalid_code"
    assert _refused("nonsense", enrollment.employee.user).code == "invalid_code"


def test_a_code_for_another_day_is_refused():
    session = SessionFactory(start=_midnight(-1), end=_midnight() + datetime.timedelta(hours=23))
    enrollment = EnrollmentFactory(session=session)
    yesterday = day_of(session, -1)
    assert _refused(check_in_token(day=yesterday), enrollment.employee.user).code == "other_day"
    tomorrow_session = SessionFactory(start=_midnight(), end=_midnight(1) + datetime.timedelta(hours=23))
    other = EnrollmentFactory(session=tomorrow_session)
    assert _refused(check_in_token(day=day_of(tomorrow_session, 1)), other.employee.user).code == "other_day"


def test_a_code_of_another_session_is_refused(setup):
    _session, _day, enrollment = setup
    other_session = today_session()
    error = _refused(check_in_token(day=day_of(other_session)), enrollment.employee.user)
    assert error.code == "not_participant" and error.status == 403


@pytest.mark.parametrize(
    "status", [Enrollment.Status.WAITLISTED, Enrollment.Status.CANCELLED, Enrollment.Status.PENDING_APPROVAL]
)
def test_someone_without_a_seat_is_refused(status):
    session = today_session()
    enrollment = EnrollmentFactory(session=session, status=status)
    error = _refused(check_in_token(day=day_of(session)), enrollment.employee.user)
    assert error.code == "not_participant"
    assert not Attendance.objects.exists()


def test_an_account_without_asn_profile_is_refused(setup):
    from accounts.permissions import NoEmployeeProfile

    _session, day, _enrollment = setup
    with pytest.raises(NoEmployeeProfile) as info:
        attendance_check_in(token=check_in_token(day=day), user=UserFactory())
    assert info.value.code == "no_employee_profile"


def test_a_cancelled_session_refuses_check_in(setup):
    session, day, enrollment = setup
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    assert _refused(check_in_token(day=day), enrollment.employee.user).code == "cancelled"


# Pages


def test_hr_opens_the_screen_with_a_qr_code_that_refreshes(client, setup, hr_user):
    session, day, _enrollment = setup
    client.force_login(hr_user)
    page = client.get(reverse("training:check-in-screen", args=[session.pk, day.pk])).content.decode()
    assert "<svg" in page and 'hx-trigger="every 30s"' in page
    assert reverse("training:check-in-arrivals", args=[session.pk, day.pk]) in page
    assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]  # CSP: no inline script
    fragment = client.get(reverse("training:check-in-qr", args=[session.pk, day.pk])).content.decode()
    assert fragment.count("<svg") == 1


def test_the_sessions_trainer_opens_the_screen_others_do_not(client, setup):
    session, day, enrollment = setup
    trainer_employee = EmployeeFactory()
    session.trainers.add(TrainerFactory(employee=trainer_employee))
    client.force_login(trainer_employee.user)
    assert client.get(reverse("training:check-in-screen", args=[session.pk, day.pk])).status_code == 200
    client.force_login(enrollment.employee.user)
    assert client.get(reverse("training:check-in-screen", args=[session.pk, day.pk])).status_code == 403
    assert client.get(reverse("training:check-in-qr", args=[session.pk, day.pk])).status_code == 403


def test_the_asn_scans_confirms_and_is_present(client, setup):
    _session, day, enrollment = setup
    client.force_login(enrollment.employee.user)
    url = reverse("training:check-in", args=[check_in_token(day=day)])
    confirm = client.get(url)
    assert confirm.status_code == 200 and not Attendance.objects.exists()  # a link alone never writes
    done = client.post(url)
    assert done.status_code == 200
    assert Attendance.objects.get(enrollment=enrollment, day=day).present


def test_an_expired_code_answers_400_with_an_indonesian_message(client, setup):
    _session, day, enrollment = setup
    client.force_login(enrollment.employee.user)
    url = reverse("training:check-in", args=[check_in_token(day=day, now=time.time() - 300)])
    response = client.post(url, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 400
    assert "kedaluwarsa" in response.content.decode()


def test_check_in_needs_login(client, setup):
    _session, day, _enrollment = setup
    response = client.post(reverse("training:check-in", args=[check_in_token(day=day)]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("size", [2, 12])
def test_arrivals_query_count_is_constant(client, hr_user, django_assert_num_queries, size, settings):
    session = today_session(capacity=50)
    day = day_of(session)
    for _ in range(size):
        enrollment = EnrollmentFactory(session=session)
        attendance_check_in(token=check_in_token(day=day), user=enrollment.employee.user)
    client.force_login(hr_user)
    # session, auth (session + user + groups), session get (+ trainers, days prefetch),
    # counts aggregate, rows with their joins: the same whatever the class size
    with django_assert_num_queries(8):
        response = client.get(reverse("training:check-in-arrivals", args=[session.pk, day.pk]))
    assert response.content.decode().count("list-group-item d-flex") == size


# API


def test_api_check_in_answers_201_then_200(setup):
    _session, day, enrollment = setup
    api = APIClient()
    api.force_authenticate(enrollment.employee.user)
    url = "/api/v1/check-in/"
    first = api.post(url, {"token": check_in_token(day=day)}, format="json")
    assert first.status_code == 201 and first.json()["recorded"] is True
    second = api.post(url, {"token": check_in_token(day=day)}, format="json")
    assert second.status_code == 200 and second.json()["recorded"] is False


def test_api_check_in_refusals(setup):
    session, day, enrollment = setup
    api = APIClient()
    assert api.post("/api/v1/check-in/", {"token": check_in_token(day=day)}, format="json").status_code in (401, 403)
    api.force_authenticate(EmployeeFactory().user)
    assert api.post("/api/v1/check-in/", {"token": check_in_token(day=day)}, format="json").status_code == 403
    api.force_authenticate(enrollment.employee.user)
    expired = api.post("/api/v1/check-in/", {"token": check_in_token(day=day, now=time.time() - 300)}, format="json")
    assert expired.status_code == 400
    assert api.post("/api/v1/check-in/", {}, format="json").status_code == 400


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_scans_at_once_give_one_attendance_row():
    session = today_session()
    enrollment = EnrollmentFactory(session=session)
    day = day_of(session)
    token = check_in_token(day=day)
    user = enrollment.employee.user
    results = run_concurrently(lambda: attendance_check_in(token=token, user=user), [()] * 8, workers=8)
    assert not [r for r in results if isinstance(r, Exception)]
    assert sum(recorded for _attendance, recorded in results) == 1
    assert Attendance.objects.filter(enrollment=enrollment, day=day).count() == 1
