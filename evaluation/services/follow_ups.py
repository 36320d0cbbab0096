"""Supervisor follow-up (Kirkpatrick level 3), some days after completion."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_competency.common.errors import ApplicationError, ConflictError, ValidationError
from training.models import Enrollment

from ..models import FollowUp, ProgramEvaluation


def follow_ups_schedule(*, now: datetime.datetime | None = None) -> int:
    """Create the pending follow-up of every completed enrolment whose ASN has a
    supervisor (beat job); due `follow_up_days` after completion. Idempotent:
    one follow-up per enrolment (OneToOne)."""
    now = now or timezone.now()
    candidates = (
        Enrollment.objects.filter(
            status=Enrollment.Status.COMPLETED,
            completed_at__isnull=False,
            employee__supervisor__isnull=False,
            follow_up__isnull=True,
        )
        .select_related("session")
        .values_list("pk", "session_id", "session__program_id", "employee__supervisor_id", "completed_at")
    )
    candidates = list(candidates)
    if not candidates:
        return 0
    days = dict(
        ProgramEvaluation.objects.filter(program_id__in={c[2] for c in candidates}).values_list(
            "program_id", "follow_up_days"
        )
    )
    default = settings.EVALUATION_FOLLOW_UP_DAYS
    rows = [
        FollowUp(
            enrollment_id=pk,
            session_id=session_id,
            supervisor_id=supervisor_id,
            due_on=timezone.localdate(completed_at) + datetime.timedelta(days=days.get(program_id, default)),
        )
        for pk, session_id, program_id, supervisor_id, completed_at in candidates
    ]
    return len(FollowUp.objects.bulk_create(rows, ignore_conflicts=True))


def follow_ups_due_to_notify(*, today: datetime.date | None = None) -> list[int]:
    today = today or timezone.localdate()
    return list(
        FollowUp.objects.filter(status=FollowUp.Status.PENDING, due_on__lte=today)
        .filter(
            Q(notified_at__isnull=True) | Q(reminded_at__isnull=True, due_on__lte=today - datetime.timedelta(days=7))
        )
        .values_list("pk", flat=True)
    )


def follow_up_claim_email(*, follow_up_id: int) -> str | None:
    """Claim the next email of a follow-up ("notify", then one "remind" a week
    later) with a conditional UPDATE, so no email is ever sent twice."""
    now = timezone.now()
    base = FollowUp.objects.filter(pk=follow_up_id, status=FollowUp.Status.PENDING)
    if base.filter(notified_at__isnull=True).update(notified_at=now):
        return "notify"
    if base.filter(reminded_at__isnull=True, notified_at__lte=now - datetime.timedelta(days=7)).update(reminded_at=now):
        return "remind"
    return None


@transaction.atomic
def follow_up_submit(
    *, follow_up: FollowUp, user, application_score, action_plan_score=None, comment: str = ""
) -> FollowUp:
    """The supervisor rates the application of the training (1-5) and, when the
    ASN made a workshop action plan, its progress (1-5)."""
    follow_up = FollowUp.objects.select_for_update().select_related("supervisor").get(pk=follow_up.pk)
    if follow_up.supervisor.user_id != getattr(user, "pk", None):
        raise ApplicationError(_("Only the ASN's supervisor can fill in this follow-up."), code="forbidden", status=403)
    if follow_up.status != FollowUp.Status.PENDING:
        raise ConflictError(_("This follow-up has already been submitted."), code="already_submitted")
    if follow_up.due_on > timezone.localdate():
        raise ApplicationError(
            _("This follow-up opens on %(date)s.") % {"date": follow_up.due_on.strftime("%d-%m-%Y")}, code="not_due"
        )
    errors = {}
    for field, value, required in (
        ("application_score", application_score, True),
        ("action_plan_score", action_plan_score, False),
    ):
        if value in (None, ""):
            if required:
                errors[field] = [_("Give a score from 1 to 5.")]
            continue
        try:
            if not 1 <= int(value) <= 5:
                raise ValueError
        except (TypeError, ValueError):
            errors[field] = [_("Give a score from 1 to 5.")]
    if errors:
        raise ValidationError(errors)
    follow_up.application_score = int(application_score)
    follow_up.action_plan_score = int(action_plan_score) if action_plan_score not in (None, "") else None
    follow_up.comment = (comment or "").strip()[:4000]
    follow_up.status = FollowUp.Status.SUBMITTED
    follow_up.submitted_at = timezone.now()
    follow_up.full_clean()
    follow_up.save()
    return follow_up
