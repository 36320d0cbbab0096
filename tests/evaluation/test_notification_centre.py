"""Survey invitations and follow-ups land in the notification centre and respect the e-mail preference."""

import pytest
from django.core import mail

from evaluation.tasks import send_survey_invitation
from notifications.models import EmailChoice, Kind, Notification, NotificationPreference

from .factories import completed_enrollment, ended_session, invitation_for

pytestmark = pytest.mark.django_db


def test_survey_invitation_is_emailed_and_lands_in_the_inbox(questionnaire):
    enrollment = completed_enrollment(session=ended_session())
    invitation = invitation_for(enrollment, questionnaire=questionnaire)
    assert send_survey_invitation(invitation.pk) is True
    assert len(mail.outbox) == 1
    notification = Notification.objects.get(recipient=enrollment.employee.user)
    assert notification.kind == Kind.SURVEY
    assert notification.title == mail.outbox[0].subject
    assert notification.link == invitation.get_absolute_url()


def test_survey_invitation_with_email_off_is_in_app_only(questionnaire):
    enrollment = completed_enrollment(session=ended_session())
    user = enrollment.employee.user
    NotificationPreference.objects.create(user=user, kind=Kind.SURVEY, email=EmailChoice.OFF)
    invitation = invitation_for(enrollment, questionnaire=questionnaire)
    assert send_survey_invitation(invitation.pk) is False
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=user, kind=Kind.SURVEY).count() == 1
    # Claimed once: a second run neither e-mails nor adds a second notice.
    assert send_survey_invitation(invitation.pk) is False
    assert Notification.objects.filter(recipient=user, kind=Kind.SURVEY).count() == 1
