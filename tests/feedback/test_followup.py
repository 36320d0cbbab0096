import datetime

import pytest
from django.utils import timezone

from feedback.models import Feedback, FeedbackEvent
from feedback.services import feedback_auto_close, overdue_digest_send
from tests.accounts.factories import OrgUnitFactory

from .factories import FeedbackFactory, officer_of

pytestmark = pytest.mark.django_db
S = Feedback.Status
TODAY = datetime.date(2026, 6, 10)  # a Wednesday


def test_digest_reminds_each_units_officers_once_a_day(mailoutbox):
    late_unit, calm_unit = OrgUnitFactory(name="Unit Terlambat"), OrgUnitFactory(name="Unit Tenang")
    officer = officer_of(late_unit)
    officer_of(calm_unit)
    FeedbackFactory(unit=late_unit, verify_due=datetime.date(2026, 6, 5))  # overdue
    FeedbackFactory(unit=late_unit, verify_due=datetime.date(2026, 6, 12))  # waiting, not overdue
    FeedbackFactory(unit=calm_unit, verify_due=datetime.date(2026, 6, 12))
    assert overdue_digest_send(today=TODAY) == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [officer.email]
    assert "Unit Terlambat" in mail.subject and "1" in mail.subject
    assert "2 masukan menunggu verifikasi atau tanggapan" in mail.body
    assert "/feedback/staff/?overdue=on" in mail.body
    assert overdue_digest_send(today=TODAY) == 0  # a rerun the same day sends nothing
    assert len(mailoutbox) == 1


def test_auto_close_after_the_configured_working_days(settings):
    settings.FEEDBACK_AUTO_CLOSE_WORKING_DAYS = 3
    settings.FEEDBACK_REOPEN_WORKING_DAYS = 3
    unit = OrgUnitFactory()

    def answered_on(day):
        feedback = FeedbackFactory(unit=unit, status=S.RESPONDED)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        Feedback.objects.filter(pk=feedback.pk).update(responded_at=moment)
        return feedback

    # Answered Thursday 4 June: 3 working days end Tuesday 9 June -> closed on Wednesday 10 June.
    old = answered_on(datetime.date(2026, 6, 4))
    # Answered Friday 5 June: 3 working days end Wednesday 10 June -> still open today.
    recent = answered_on(datetime.date(2026, 6, 5))
    assert feedback_auto_close(today=TODAY) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == S.CLOSED and recent.status == S.RESPONDED
    event = FeedbackEvent.objects.get(feedback=old, action="closed")
    assert event.actor is None and "otomatis" in event.note
    assert feedback_auto_close(today=TODAY) == 0  # idempotent


def test_auto_close_can_be_turned_off(settings):
    settings.FEEDBACK_AUTO_CLOSE_WORKING_DAYS = 0
    feedback = FeedbackFactory(status=S.RESPONDED, responded_at=timezone.now() - datetime.timedelta(days=100))
    assert feedback_auto_close(today=TODAY) == 0
    feedback.refresh_from_db()
    assert feedback.status == S.RESPONDED
