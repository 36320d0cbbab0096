"""Immediate notices to a unit's service officers: new feedback in their unit,
a citizen's reply or reopening, feedback forwarded to them. The daily overdue
digest (followup.py) comes on top."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.roles import Role
from asn_competency.common.outbox import enqueue
from asn_competency.common.site import absolute_url, site_url
from notifications.models import Kind
from notifications.selectors import notification_email_wanted
from notifications.services import notify

from ..models import FeedbackEvent


def citizen_email_send(*, event_id: int, template: str) -> bool:
    """Email the citizen about `event` (templates feedback/email/<template>_subject.txt and
    _body.txt, in the site's language): the receipt with the tracking code, or a public
    reply. Only to a confidential submitter who left an email address; False otherwise
    (also when the event is gone). The one helper of the tasks send_receipt_email and
    send_reply_email."""
    event = FeedbackEvent.objects.select_related("feedback", "feedback__unit").filter(pk=event_id).first()
    if event is None or event.feedback.anonymous or "@" not in event.feedback.contact:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {"feedback": event.feedback, "event": event, "site_url": site_url()}
        subject = render_to_string(f"feedback/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"feedback/email/{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [event.feedback.contact])
    return True


def officers_notify_after_commit(*, event: FeedbackEvent) -> None:
    """Hand the notice about `event` to Celery once the transaction has committed (outbox)."""
    from ..tasks import notify_officers

    enqueue(notify_officers, event.pk)


def officer_accounts(*, unit_id: int) -> dict[int, str]:
    """The unit's active service officers: account id -> address (maybe empty). One query."""
    return dict(
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.UNIT_OFFICER, employee__org_unit_id=unit_id)
        .values_list("pk", "email")
    )


def officer_emails(*, unit_id: int) -> list[str]:
    """The addresses of the unit's active service officers. One query."""
    return sorted({email for email in officer_accounts(unit_id=unit_id).values() if email})


def feedback_officers_notify(*, event_id: int) -> int:
    """E-mail the handling unit's officers about one history entry (those whose
    notification preference says so) and put it in each officer's inbox; returns
    the number of e-mail recipients.

    Idempotent: the entry is claimed (officers_notified_at) before sending, so a rerun
    sends nothing twice; a failed send releases the claim for the retry. The e-mail
    carries no text from the citizen (it may hold personal data): officers follow the link.
    """
    now = timezone.now()
    if not FeedbackEvent.objects.filter(pk=event_id, officers_notified_at__isnull=True).update(
        officers_notified_at=now
    ):
        return 0
    event = FeedbackEvent.objects.select_related("feedback__unit", "feedback__service", "feedback__handling_unit").get(
        pk=event_id
    )
    feedback = event.feedback
    officers = officer_accounts(unit_id=feedback.handling_unit_id)
    if not officers:
        return 0
    wanted = notification_email_wanted(user_ids=officers, kind=Kind.UNIT_FEEDBACK)
    recipients = sorted({email for pk, email in officers.items() if email and pk in wanted})
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "event": event,
            "feedback": feedback,
            "url": absolute_url(feedback.get_staff_url()),
        }
        subject = render_to_string("feedback/email/officer_notice_subject.txt", context).strip()
        body = render_to_string("feedback/email/officer_notice_body.txt", context)
    if recipients:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except Exception:
            FeedbackEvent.objects.filter(pk=event_id).update(officers_notified_at=None)
            raise
    # After the send (a failed send is retried without second inbox rows); like
    # the e-mail, the notice carries no text from the citizen.
    notify(users=list(officers), kind=Kind.UNIT_FEEDBACK, title=subject, link=feedback.get_staff_url())
    return len(recipients)
