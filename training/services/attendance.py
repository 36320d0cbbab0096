"""Attendance per session day."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asn_competency.common.errors import ApplicationError

from ..models import Attendance, Enrollment, Session, SessionDay

MARKABLE = (Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED, Enrollment.Status.NOT_COMPLETED)


def attendance_day_check_open(*, day: SessionDay) -> None:
    """The one rule of when a day's attendance may be recorded (by HR's hand or by
    the ASN's QR check-in): from that day on, and never for a cancelled session."""
    today = timezone.localdate()
    if day.date > today:
        raise ApplicationError(
            _("Attendance of %(date)s can be recorded from that day on (today is %(today)s).")
            % {"date": date_format(day.date, "j F Y"), "today": date_format(today, "j F Y")},
            code="future_day",
        )
    if Session.objects.filter(pk=day.session_id, status=Session.Status.CANCELLED).exists():
        raise ApplicationError(_("The session was cancelled: no attendance is recorded."), code="cancelled")


@transaction.atomic
def attendance_mark(*, day: SessionDay, present_ids, actor) -> int:
    """Record attendance of one day: participants in `present_ids` are present,
    every other seated participant absent. Returns how many were marked present.

    Two bulk statements whatever the class size: one insert of missing rows,
    then one update per value. Refused for a day still to come (nobody can have
    attended it yet) and for a cancelled session."""
    attendance_day_check_open(day=day)
    seated = list(
        Enrollment.objects.filter(session_id=day.session_id, status__in=MARKABLE).values_list("pk", flat=True)
    )
    present = {int(i) for i in present_ids}
    unknown = present - set(seated)
    if unknown:
        raise ApplicationError(_("Some of the marked people are not participants of this session."), code="unknown")
    Attendance.objects.bulk_create(
        [Attendance(enrollment_id=pk, day=day, present=False, marked_by=actor) for pk in seated],
        ignore_conflicts=True,
    )
    rows = Attendance.objects.filter(day=day, enrollment_id__in=seated)
    rows.filter(enrollment_id__in=present).update(present=True, marked_by=actor)
    rows.exclude(enrollment_id__in=present).update(present=False, marked_by=actor)
    return len(present)


def attendance_mark_all_present(*, day: SessionDay, actor) -> int:
    seated = Enrollment.objects.filter(session_id=day.session_id, status__in=MARKABLE).values_list("pk", flat=True)
    return attendance_mark(day=day, present_ids=list(seated), actor=actor)
