"""Daily follow-up: reminders to unit officers and closing answered feedback.

Both are idempotent: a rerun on the same day sends no second reminder and
closes nothing twice.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import OrgUnit
from accounts.roles import Role
from asn_competency.common.site import site_url

from ..models import Feedback, FeedbackEvent
from ..workdays import add_working_days

S = Feedback.Status


def overdue_digest_send(*, today: datetime.date | None = None) -> int:
    """Email each unit's officers how many feedback items wait and how many are overdue.

    Returns the number of emails sent. Units with nothing overdue get no email.
    """
    today = today or timezone.localdate()
    overdue = Q(status=S.RECEIVED, verify_due__lt=today) | Q(status__in=[S.VERIFIED, S.FORWARDED], answer_due__lt=today)
    rows = (
        Feedback.objects.filter(status__in=[S.RECEIVED, S.VERIFIED, S.FORWARDED])
        .order_by()
        .values("handling_unit_id")
        .annotate(waiting=Count("pk"), overdue=Count("pk", filter=overdue))
        .filter(overdue__gt=0)
    )
    counts = {row["handling_unit_id"]: row for row in rows}
    if not counts:
        return 0
    units = OrgUnit.objects.in_bulk(list(counts))
    officers = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.UNIT_OFFICER, employee__org_unit_id__in=list(counts))
        .exclude(email="")
        .values_list("email", "employee__org_unit_id")
        .distinct()
    )
    recipients = {}
    for email, unit_id in officers:
        recipients.setdefault(unit_id, []).append(email)
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for unit_id, emails in recipients.items():
            # One digest per unit and day, even if the job runs twice.
            if not cache.add(f"feedback:digest:{today.isoformat()}:{unit_id}", 1, timeout=36 * 3600):
                continue
            context = {
                "unit": units[unit_id],
                "waiting": counts[unit_id]["waiting"],
                "overdue": counts[unit_id]["overdue"],
                "url": site_url() + "/feedback/staff/?overdue=on",
            }
            subject = _("Citizen feedback: %(n)d overdue at %(unit)s") % {
                "n": context["overdue"],
                "unit": context["unit"],
            }
            body = render_to_string("feedback/email/overdue_digest.txt", context)
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, sorted(emails)))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)


@transaction.atomic
def feedback_auto_close(*, today: datetime.date | None = None) -> int:
    """Close feedback answered more than FEEDBACK_AUTO_CLOSE_WORKING_DAYS working days ago.

    As on SP4N-LAPOR!, an answer the citizen does not follow up is final after a while,
    but never before the citizen's reopening window (FEEDBACK_REOPEN_WORKING_DAYS after
    the latest answer) has passed. Returns how many were closed; each gets a history entry.
    """
    today = today or timezone.localdate()
    if settings.FEEDBACK_AUTO_CLOSE_WORKING_DAYS <= 0:
        return 0
    days = max(settings.FEEDBACK_AUTO_CLOSE_WORKING_DAYS, settings.FEEDBACK_REOPEN_WORKING_DAYS)
    # The latest answer date whose closing period has passed (add_working_days is monotonic).
    cutoff = today - datetime.timedelta(days=1)
    while add_working_days(cutoff, days) >= today:
        cutoff -= datetime.timedelta(days=1)
    candidates = list(
        Feedback.objects.select_for_update()
        .filter(status=S.RESPONDED, responded_at__date__lte=cutoff)
        .values_list("pk", flat=True)
    )
    if not candidates:
        return 0
    now = timezone.now()
    Feedback.objects.filter(pk__in=candidates).update(status=S.CLOSED, closed_at=now, updated_at=now)
    note = _("Closed automatically: no follow-up within %(days)d working days of the answer.") % {"days": days}
    FeedbackEvent.objects.bulk_create(
        FeedbackEvent(
            feedback_id=pk, action=FeedbackEvent.Action.CLOSED, from_status=S.RESPONDED, to_status=S.CLOSED, note=note
        )
        for pk in candidates
    )
    return len(candidates)
