import datetime

import pytest
from django.core import mail
from django.utils import timezone

from asn_competency.common.errors import ApplicationError, ConflictError
from tests.accounts.factories import EmployeeFactory, UserFactory
from training.models import Enrollment, EnrollmentEvent, Program, Session
from training.services import (
    enrollment_approve,
    enrollment_cancel,
    enrollment_create,
    enrollment_reject,
    session_save,
)
from training.tasks import send_enrollment_email

from .factories import ProgramFactory, SessionFactory, in_days

pytestmark = pytest.mark.django_db
S = Enrollment.Status


def statuses(session):
    return list(session.enrollments.order_by("id").values_list("status", flat=True))


def test_enrollment_create_enrolls_while_seats_are_free_then_waitlists(session):
    first = enrollment_create(session=session, employee=EmployeeFactory())
    second = enrollment_create(session=session, employee=EmployeeFactory())
    third = enrollment_create(session=session, employee=EmployeeFactory())
    assert (first.status, second.status, third.status) == (S.ENROLLED, S.ENROLLED, S.WAITLISTED)
    assert third.waitlisted_at is not None


def test_enrollment_create_refuses_duplicate_with_conflict(session, employee):
    enrollment_create(session=session, employee=employee)
    with pytest.raises(ConflictError) as exc:
        enrollment_create(session=session, employee=employee)
    assert exc.value.status == 409
    assert exc.value.code == "already_enrolled"
    assert session.enrollments.count() == 1


def test_enrollment_create_allows_enrolling_again_after_cancelling(session, employee):
    first = enrollment_create(session=session, employee=employee)
    enrollment_cancel(enrollment=first, actor=employee.user)
    again = enrollment_create(session=session, employee=employee)
    assert again.pk != first.pk and again.status == S.ENROLLED


def test_enrollment_create_refuses_overlapping_session_of_same_employee(employee):
    morning = SessionFactory(start=in_days(5, 8), end=in_days(5, 12))
    overlapping = SessionFactory(start=in_days(5, 11), end=in_days(5, 15))
    afterwards = SessionFactory(start=in_days(5, 12), end=in_days(5, 16))
    enrollment_create(session=morning, employee=employee)
    with pytest.raises(ConflictError) as exc:
        enrollment_create(session=overlapping, employee=employee)
    assert exc.value.code == "schedule_conflict"
    assert f"{morning.program.title} - Angkatan {morning.number}" in str(exc.value)
    # Back-to-back is not an overlap.
    assert enrollment_create(session=afterwards, employee=employee).status == S.ENROLLED


@pytest.mark.parametrize(
    "changes",
    [
        {"enrollment_opens": in_days(2)},
        {"enrollment_closes": in_days(-1), "enrollment_opens": in_days(-5)},
        {"status": Session.Status.CANCELLED},
        {"status": Session.Status.DRAFT},
    ],
)
def test_enrollment_create_refuses_when_enrolment_is_closed(employee, changes):
    session = SessionFactory(**changes)
    with pytest.raises(ApplicationError) as exc:
        enrollment_create(session=session, employee=employee)
    assert exc.value.status == 400 and exc.value.code == "enrollment_closed"
    assert str(exc.value)


def test_enrollment_create_refuses_session_of_unpublished_program(employee):
    session = SessionFactory(program=ProgramFactory(status=Program.Status.DRAFT))
    with pytest.raises(ApplicationError, match="belum diterbitkan"):
        enrollment_create(session=session, employee=employee)


def test_enrollment_create_refuses_after_session_started(employee):
    session = SessionFactory(start=timezone.now() - datetime.timedelta(hours=1), end=in_days(1))
    with pytest.raises(ApplicationError) as exc:
        enrollment_create(session=session, employee=employee)
    assert exc.value.code == "enrollment_closed"


def test_cancel_promotes_waitlist_in_order(session):
    a, b = (enrollment_create(session=session, employee=EmployeeFactory()) for _ in range(2))
    w1 = enrollment_create(session=session, employee=EmployeeFactory())
    w2 = enrollment_create(session=session, employee=EmployeeFactory())
    enrollment_cancel(enrollment=a, actor=a.employee.user)
    w1.refresh_from_db()
    w2.refresh_from_db()
    assert (w1.status, w2.status) == (S.ENROLLED, S.WAITLISTED)
    enrollment_cancel(enrollment=b, actor=b.employee.user)
    w2.refresh_from_db()
    assert w2.status == S.ENROLLED
    assert session.enrollments.filter(status=S.ENROLLED).count() == 2


def test_cancelling_a_waitlisted_place_promotes_nobody(session):
    for _ in range(2):
        enrollment_create(session=session, employee=EmployeeFactory())
    w1 = enrollment_create(session=session, employee=EmployeeFactory())
    w2 = enrollment_create(session=session, employee=EmployeeFactory())
    enrollment_cancel(enrollment=w1, actor=w1.employee.user)
    w2.refresh_from_db()
    assert w2.status == S.WAITLISTED


def test_cancel_is_refused_after_deadline_for_asn_but_allowed_for_hr(employee, hr_user):
    session = SessionFactory(
        start=in_days(3), end=in_days(4), cancellation_deadline=timezone.now() + datetime.timedelta(minutes=1)
    )
    enrollment = enrollment_create(session=session, employee=employee)
    Session.objects.filter(pk=session.pk).update(cancellation_deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ApplicationError) as exc:
        enrollment_cancel(enrollment=enrollment, actor=employee.user)
    assert exc.value.code == "deadline_passed"
    enrollment_cancel(enrollment=enrollment, actor=hr_user)
    enrollment.refresh_from_db()
    assert enrollment.status == S.CANCELLED


def test_cancel_of_someone_elses_enrolment_is_refused(session, employee):
    enrollment = enrollment_create(session=session, employee=employee)
    other = EmployeeFactory()
    with pytest.raises(ApplicationError) as exc:
        enrollment_cancel(enrollment=enrollment, actor=other.user)
    assert exc.value.status == 403


def test_approval_flow_pending_then_approved_by_own_supervisor(employee, supervisor):
    session = SessionFactory(requires_approval=True, capacity=5)
    enrollment = enrollment_create(session=session, employee=employee, actor=employee.user)
    assert enrollment.status == S.PENDING_APPROVAL
    stranger = EmployeeFactory(user=UserFactory(roles=["supervisor"]))
    with pytest.raises(ApplicationError) as exc:
        enrollment_approve(enrollment=enrollment, actor=stranger.user)
    assert exc.value.status == 403
    enrollment_approve(enrollment=enrollment, actor=supervisor.user)
    enrollment.refresh_from_db()
    assert enrollment.status == S.ENROLLED
    assert enrollment.approved_by == supervisor.user


def test_approval_into_a_full_session_waitlists(employee, supervisor):
    session = SessionFactory(requires_approval=True, capacity=1)
    pending = enrollment_create(session=session, employee=employee)
    Enrollment.objects.create(session=session, employee=EmployeeFactory(), status=S.ENROLLED)
    enrollment_approve(enrollment=pending, actor=supervisor.user)
    pending.refresh_from_db()
    assert pending.status == S.WAITLISTED


def test_pending_approval_does_not_hold_a_seat(employee, supervisor):
    session = SessionFactory(requires_approval=True, capacity=1)
    enrollment_create(session=session, employee=employee)
    other = EmployeeFactory(supervisor=supervisor)
    second = enrollment_create(session=session, employee=other)
    enrollment_approve(enrollment=second, actor=supervisor.user)
    second.refresh_from_db()
    assert second.status == S.ENROLLED


def test_rejection_by_supervisor_is_recorded(employee, supervisor):
    session = SessionFactory(requires_approval=True)
    enrollment = enrollment_create(session=session, employee=employee)
    enrollment_reject(enrollment=enrollment, actor=supervisor.user, note="Beban kerja tinggi")
    enrollment.refresh_from_db()
    assert enrollment.status == S.REJECTED
    event = enrollment.events.last()
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        S.PENDING_APPROVAL,
        S.REJECTED,
        supervisor.user,
        "Beban kerja tinggi",
    )


def test_every_status_change_is_kept_in_the_audit_history(session, hr_user):
    a = enrollment_create(session=session, employee=EmployeeFactory(), actor=None)
    enrollment_create(session=session, employee=EmployeeFactory())
    waiting = enrollment_create(session=session, employee=EmployeeFactory())
    enrollment_cancel(enrollment=a, actor=hr_user, note="Tugas dinas luar kota")
    history = list(EnrollmentEvent.objects.filter(enrollment=waiting).values_list("from_status", "to_status"))
    assert history == [("", S.WAITLISTED), (S.WAITLISTED, S.ENROLLED)]
    cancelled = list(a.events.values_list("from_status", "to_status", "actor", "note"))
    assert cancelled == [
        ("", S.ENROLLED, None, cancelled[0][3]),
        (S.ENROLLED, S.CANCELLED, hr_user.pk, "Tugas dinas luar kota"),
    ]


def test_raising_capacity_promotes_from_waitlist(session):
    for _ in range(4):
        enrollment_create(session=session, employee=EmployeeFactory())
    session.capacity = 3
    session_save(session=session, trainers=list(session.trainers.all()))
    assert statuses(session) == [S.ENROLLED, S.ENROLLED, S.ENROLLED, S.WAITLISTED]


def test_confirmation_email_is_sent_after_commit(session, employee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        enrollment = enrollment_create(session=session, employee=employee)
    # The task was scheduled for after the commit, not sent inside the transaction.
    assert len(callbacks) == 1 and mail.outbox == []
    assert send_enrollment_email(enrollment.pk, "confirmed") is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [employee.email]
    assert session.code in message.body
    assert "dikonfirmasi" in message.subject.lower()


def test_enrollment_email_links_the_session_at_the_public_address(session, employee, settings):
    settings.SITE_URL = "https://kompeten.pemkomedan.go.id"
    enrollment = enrollment_create(session=session, employee=employee)
    send_enrollment_email(enrollment.pk, "confirmed")
    assert "https://kompeten.pemkomedan.go.id" + session.get_absolute_url() in mail.outbox[-1].body


def test_completion_email_links_the_evaluation_survey(session, employee, settings):
    from django.urls import reverse

    settings.SITE_URL = "https://kompeten.pemkomedan.go.id"
    enrollment = enrollment_create(session=session, employee=employee)
    send_enrollment_email(enrollment.pk, "completed")
    body = mail.outbox[-1].body
    assert "survei evaluasi" in body
    assert "https://kompeten.pemkomedan.go.id" + reverse("evaluation:my") in body


def test_promotion_email_names_the_session(session):
    for _ in range(2):
        enrollment_create(session=session, employee=EmployeeFactory())
    waiting = enrollment_create(session=session, employee=EmployeeFactory())
    send_enrollment_email(waiting.pk, "promoted")
    assert session.code in mail.outbox[-1].body
    assert mail.outbox[-1].to == [waiting.employee.email]


def test_approval_request_email_goes_to_the_supervisor(employee, supervisor):
    session = SessionFactory(requires_approval=True)
    enrollment = enrollment_create(session=session, employee=employee)
    send_enrollment_email(enrollment.pk, "approval_requested")
    assert mail.outbox[-1].to == [supervisor.email]
    assert employee.nip in mail.outbox[-1].body
