"""Celery tasks of the training app: take ids, hold no rules, idempotent."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from asn_competency.common.site import site_url
from notifications.models import Kind
from notifications.selectors import notification_email_wanted
from notifications.services import notify

from .models import Enrollment
from .selectors import enrollment_get_for_mail, enrollments_to_remind

SUBJECTS = {
    "confirmed": _("Enrolment confirmed: %(title)s"),
    "waitlisted": _("On the waiting list: %(title)s"),
    "promoted": _("A seat is free for you: %(title)s"),
    "approval_requested": _("Approval requested: %(name)s for %(title)s"),
    "rejected": _("Enrolment not approved: %(title)s"),
    "completed": _("Training completed: %(title)s"),
    "reminder": _("Reminder: %(title)s starts tomorrow"),
    "cancelled": _("Enrolment cancelled: %(title)s"),
    "changed": _("Schedule changed: %(title)s"),
}


def _recipient(enrollment: Enrollment, kind: str) -> str:
    employee = enrollment.employee
    if kind == "approval_requested":
        supervisor = employee.supervisor
        if supervisor is None:
            return ""
        return supervisor.email or (supervisor.user.email if supervisor.user_id else "")
    return employee.email or (employee.user.email if employee.user_id else "")


# The notification centre's kind of each enrolment notice (others: enrolment).
NOTIFICATION_KINDS = {"promoted": Kind.WAITLIST_PROMOTION, "reminder": Kind.REMINDER}


def _recipient_user_id(enrollment: Enrollment, kind: str) -> int | None:
    employee = enrollment.employee
    person = employee.supervisor if kind == "approval_requested" else employee
    return person.user_id if person is not None else None


def send_enrollment_mail(enrollment: Enrollment, kind: str) -> bool:
    """Render and send one notification: e-mailed unless the recipient's
    preference says otherwise (False when not e-mailed: no address, or "off" or
    "digest"), and put in the recipient's inbox in the notification centre."""
    to = _recipient(enrollment, kind)
    user_id = _recipient_user_id(enrollment, kind)
    notification_kind = NOTIFICATION_KINDS.get(kind, Kind.ENROLMENT)
    if user_id is not None and user_id not in notification_email_wanted(user_ids=[user_id], kind=notification_kind):
        to = ""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "enrollment": enrollment,
            "session": enrollment.session,
            "employee": enrollment.employee,
            "kind": kind,
            "note": enrollment.events.order_by("-created_at", "-id").values_list("note", flat=True).first() or "",
            "site_url": site_url(),
        }
        subject = str(SUBJECTS[kind]) % {
            "title": enrollment.session.display_title,
            "name": enrollment.employee.full_name,
        }
        body = render_to_string("training/email/enrollment.txt", context) if to else ""
    if to:
        send_mail(subject, body, None, [to])
    # After the send: a failed send is retried without a second inbox row.
    if user_id is not None:
        link = reverse("training:approvals") if kind == "approval_requested" else enrollment.get_absolute_url()
        notify(users=[user_id], kind=notification_kind, title=subject, body=context["note"], link=link)
    return bool(to)


@shared_task(name="training.send_enrollment_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_enrollment_email(enrollment_id: int, kind: str) -> bool:
    enrollment = enrollment_get_for_mail(pk=enrollment_id)
    if enrollment is None:
        return False
    return send_enrollment_mail(enrollment, kind)


@shared_task(name="training.send_session_reminders")
def send_session_reminders() -> int:
    """Remind every enrolled ASN of a session that starts tomorrow (local time).

    Idempotent: `reminder_sent_at` is claimed with a conditional UPDATE before
    sending, so a rerun or a second worker does not send twice."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    sent = 0
    for enrollment in enrollments_to_remind(day=tomorrow):
        claimed = Enrollment.objects.filter(Q(reminder_sent_at__isnull=True), pk=enrollment.pk).update(
            reminder_sent_at=timezone.now()
        )
        if claimed and send_enrollment_mail(enrollment, "reminder"):
            sent += 1
    return sent


@shared_task(name="training.jp_summary_refresh")
def jp_summary_refresh_task(year: int | None = None, employee_ids: list[int] | None = None) -> int:
    """Rebuild the JP summaries (idempotent): one year for some ASN (queued after
    a ledger write), or, from beat, the current and the previous year for all."""
    from .services.jp_summary import jp_summary_refresh

    if year is not None:
        return jp_summary_refresh(year=year, employee_ids=employee_ids)
    this_year = timezone.localdate().year
    return sum(jp_summary_refresh(year=y) for y in (this_year - 1, this_year))
