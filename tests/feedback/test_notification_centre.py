"""The officers' notice of new feedback lands in their inboxes and respects the e-mail preference."""

import pytest
from django.core import mail

from feedback import services
from feedback.models import FeedbackEvent
from notifications.models import EmailChoice, Kind, Notification, NotificationPreference
from tests.accounts.factories import OrgUnitFactory

from .factories import officer_of, submission

pytestmark = pytest.mark.django_db


def test_new_feedback_notice_goes_to_every_officers_inbox_and_by_email_as_each_chose():
    unit = OrgUnitFactory(code="dinkes-uji", name="Dinkes Uji")
    wants_mail, no_mail, no_address = officer_of(unit), officer_of(unit), officer_of(unit)
    NotificationPreference.objects.create(user=no_mail, kind=Kind.UNIT_FEEDBACK, email=EmailChoice.OFF)
    no_address.email = ""
    no_address.save(update_fields=["email"])
    feedback = services.feedback_submit(**submission(unit=unit))
    event = FeedbackEvent.objects.get(feedback=feedback, action=FeedbackEvent.Action.SUBMITTED)

    assert services.feedback_officers_notify(event_id=event.pk) == 1
    assert [m.to for m in mail.outbox] == [[wants_mail.email]]
    notices = Notification.objects.filter(kind=Kind.UNIT_FEEDBACK)
    assert set(notices.values_list("recipient_id", flat=True)) == {wants_mail.pk, no_mail.pk, no_address.pk}
    notice = notices.first()
    assert notice.link == feedback.get_staff_url()
    assert feedback.message not in notice.title + notice.body  # no citizen text in the notice
    # A rerun adds nothing.
    assert services.feedback_officers_notify(event_id=event.pk) == 0
    assert notices.count() == 3
