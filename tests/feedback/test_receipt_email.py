"""A submitter who left an email address gets the tracking code by email once the
server has accepted the feedback (issue 14: also for forms sent later from an
offline device); the email is recorded in the outbox with the feedback."""

import datetime

import pytest
from django.utils import timezone

from asn_competency.common.models import OutboxMessage
from feedback import services
from feedback.tasks import send_receipt_email

from .factories import submission

pytestmark = pytest.mark.django_db

TASK = "feedback.send_receipt_email"


def test_an_email_contact_gets_the_tracking_code_by_email(mailoutbox):
    made = timezone.now() - datetime.timedelta(hours=5)  # filled in offline this morning
    feedback = services.feedback_submit(
        **submission(anonymous=False, contact_name="Rahmawati", contact="rahma@contoh.id"), submitted_at=made
    )
    (message,) = OutboxMessage.objects.filter(task=TASK)
    assert send_receipt_email.run(*message.args) is True
    (mail,) = mailoutbox
    assert mail.to == ["rahma@contoh.id"]
    assert feedback.display_code in mail.subject and "diterima" in mail.subject
    assert f"/feedback/track/{feedback.tracking_code}/" in mail.body


@pytest.mark.parametrize(
    "identity",
    [
        {"anonymous": False, "contact_name": "Rahmawati", "contact": "0812-6543-2100"},  # a phone number
        {"anonymous": True},
    ],
)
def test_no_email_address_means_no_receipt_email(identity, mailoutbox):
    services.feedback_submit(**submission(**identity))
    assert not OutboxMessage.objects.filter(task=TASK).exists()
    assert mailoutbox == []
