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
