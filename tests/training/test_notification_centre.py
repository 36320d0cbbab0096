"""Enrolment notices land in the notification centre and respect the e-mail preference."""

import pytest
from django.core import mail

from notifications.models import EmailChoice, Kind, Notification, NotificationPreference
from notifications.tasks import send_daily_digests
from tests.accounts.factories import EmployeeFactory
from training.services import enrollment_create
from training.tasks import send_enrollment_email

pytestmark = pytest.mark.django_db


def test_confirmation_is_emailed_and_lands_in_the_inbox(session, employee):
    enrollment = enrollment_create(session=session, employee=employee)
    assert send_enrollment_email(enrollment.pk, "confirmed") is True
    assert len(mail.outbox) == 1
    notification = Notification.objects.get(recipient=employee.user)
    assert notification.kind == Kind.ENROLMENT
    assert notification.title == mail.outbox[0].subject
    assert notification.link == session.get_absolute_url()


def test_preference_off_sends_no_email_but_keeps_the_inbox_notice(session, employee):
    NotificationPreference.objects.create(user=employee.user, kind=Kind.ENROLMENT, email=EmailChoice.OFF)
    enrollment = enrollment_create(session=session, employee=employee)
    assert send_enrollment_email(enrollment.pk, "confirmed") is False
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=employee.user, kind=Kind.ENROLMENT).count() == 1


def test_waitlist_promotion_is_its_own_kind_and_can_go_to_the_digest(session):
    for _ in range(2):
        enrollment_create(session=session, employee=EmployeeFactory())
    waiting = enrollment_create(session=session, employee=EmployeeFactory())
    user = waiting.employee.user
    NotificationPreference.objects.create(user=user, kind=Kind.WAITLIST_PROMOTION, email=EmailChoice.DIGEST)
    assert send_enrollment_email(waiting.pk, "promoted") is False
    assert mail.outbox == []
    notification = Notification.objects.get(recipient=user)
    assert notification.kind == Kind.WAITLIST_PROMOTION and notification.digest
    assert send_daily_digests() == 1
    assert mail.outbox[0].to == [waiting.employee.email]
    assert notification.title in mail.outbox[0].body


def test_approval_request_lands_in_the_supervisors_inbox(employee, supervisor):
    from .factories import SessionFactory

    session = SessionFactory(requires_approval=True)
    enrollment = enrollment_create(session=session, employee=employee)
    send_enrollment_email(enrollment.pk, "approval_requested")
    assert Notification.objects.filter(recipient=supervisor.user).count() == 1
    assert not Notification.objects.filter(recipient=employee.user).exists()


def test_day_before_reminder_is_a_reminder_notice_once_and_respects_email_off():
    from training.tasks import send_session_reminders

    from .factories import SessionFactory, in_days

    tomorrow = SessionFactory(start=in_days(1, 8), end=in_days(1, 16))
    mailed = enrollment_create(session=tomorrow, employee=EmployeeFactory())
    quiet = enrollment_create(session=tomorrow, employee=EmployeeFactory())
    NotificationPreference.objects.create(user=quiet.employee.user, kind=Kind.REMINDER, email=EmailChoice.OFF)
    assert send_session_reminders() == 1
    assert send_session_reminders() == 0
    assert [m.to for m in mail.outbox] == [[mailed.employee.email]]
    reminders = Notification.objects.filter(kind=Kind.REMINDER)
    assert sorted(reminders.values_list("recipient_id", flat=True)) == sorted(
        [mailed.employee.user_id, quiet.employee.user_id]
    )
