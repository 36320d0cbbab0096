"""Enrolments as the ASN, supervisors and HR see them."""

import datetime

from django.db.models import Count, F, Q, QuerySet

from accounts.models import Employee

from ..models import Attendance, Enrollment, EnrollmentEvent, Session, SessionDay


def enrollment_list_for_employee(
    *, employee: Employee, year: int | None = None, with_trainers: bool = False
) -> QuerySet[Enrollment]:
    qs = Enrollment.objects.filter(employee=employee)
    if year:
        qs = qs.filter(session__start__year=year)
    qs = qs.select_related("session__program", "session__venue").order_by("-session__start", "-id")
    return qs.prefetch_related("session__trainers") if with_trainers else qs


def session_list_for_employee(*, employee: Employee) -> QuerySet[Session]:
    """Sessions the ASN holds or waits for a place in (for the iCalendar feed)."""
    return (
        Session.objects.filter(
            enrollments__employee=employee,
            enrollments__status__in=[
                Enrollment.Status.ENROLLED,
                Enrollment.Status.PENDING_APPROVAL,
                Enrollment.Status.WAITLISTED,
                Enrollment.Status.COMPLETED,
            ],
        )
        .exclude(status=Session.Status.CANCELLED)
        .select_related("program", "venue")
        .distinct()
        .order_by("start")
    )


def enrollment_of(*, session: Session, employee: Employee | None) -> Enrollment | None:
    """The ASN's active enrolment in this session, if any."""
    if employee is None:
        return None
    return (
        Enrollment.objects.filter(session=session, employee=employee, status__in=Enrollment.ACTIVE_STATUSES)
        .select_related("employee__supervisor")
        .order_by("-id")
        .first()
    )


def enrollment_get(*, pk: int) -> Enrollment:
    return Enrollment.objects.select_related("session__program", "employee__supervisor", "employee__org_unit").get(
        pk=pk
    )


def enrollment_get_for_mail(*, pk: int) -> Enrollment | None:
    return (
        Enrollment.objects.select_related(
            "session__program", "session__venue", "employee__user", "employee__supervisor__user"
        )
        .filter(pk=pk)
        .first()
    )


def enrollment_list_for_session(*, session: Session, status: str | None = None, statuses=None) -> QuerySet[Enrollment]:
    """The roster for HR: each row with the number of days present."""
    qs = Enrollment.objects.filter(session=session)
    if status:
        qs = qs.filter(status=status)
    if statuses:
        qs = qs.filter(status__in=statuses)
    return (
        qs.select_related("employee__org_unit", "employee__position")
        .annotate(days_present=Count("attendances", filter=Q(attendances__present=True)))
        .order_by("status", "waitlisted_at", "employee__full_name", "id")
    )


def enrollment_list_pending_for_supervisor(*, user, all_for_hr: bool = False) -> QuerySet[Enrollment]:
    qs = Enrollment.objects.filter(status=Enrollment.Status.PENDING_APPROVAL)
    if not all_for_hr:
        qs = qs.filter(employee__supervisor__user=user)
    return qs.select_related("session__program", "employee__org_unit").order_by("created_at", "id")


def enrollment_history(*, enrollment: Enrollment) -> QuerySet[EnrollmentEvent]:
    return enrollment.events.select_related("actor").order_by("created_at", "id")


def enrollments_to_remind(*, day: datetime.date) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(
        status=Enrollment.Status.ENROLLED,
        reminder_sent_at__isnull=True,
        session__status=Session.Status.SCHEDULED,
        session__start__date=day,
    ).select_related("session__program", "session__venue", "employee__user")


def session_days_with_counts(*, session: Session) -> QuerySet[SessionDay]:
    return session.days.annotate(present=Count("attendances", filter=Q(attendances__present=True))).order_by("date")


def attendance_for_day(*, day: SessionDay) -> dict[int, bool]:
    return dict(Attendance.objects.filter(day=day).values_list("enrollment_id", "present"))


def attendance_late_ids(*, day: SessionDay) -> set[int]:
    """Enrolment ids of the day's late check-ins (flagged for HR's correction page)."""
    return set(Attendance.objects.filter(day=day, present=True, late=True).values_list("enrollment_id", flat=True))


def waitlist_position(*, enrollment: Enrollment) -> int | None:
    """1 for the next person to be promoted; None when not waitlisted."""
    if enrollment.status != Enrollment.Status.WAITLISTED:
        return None
    ahead = Enrollment.objects.filter(session_id=enrollment.session_id, status=Enrollment.Status.WAITLISTED).filter(
        Q(waitlisted_at__lt=enrollment.waitlisted_at) | Q(waitlisted_at=enrollment.waitlisted_at, pk__lt=enrollment.pk)
    )
    return ahead.count() + 1


def check_in_list_for_day(*, day: SessionDay) -> dict:
    """What the check-in screen shows: the day's present participants (latest
    check-in first; hand-marked rows after them) with the counts, in two queries
    whatever the class size (one aggregate, one list with its joins)."""
    counts = Enrollment.objects.filter(session_id=day.session_id, status__in=Enrollment.SEAT_STATUSES).aggregate(
        seated=Count("pk", distinct=True),
        present=Count("attendances", filter=Q(attendances__day=day, attendances__present=True)),
        late=Count("attendances", filter=Q(attendances__day=day, attendances__present=True, attendances__late=True)),
    )
    rows = (
        Attendance.objects.filter(day=day, present=True)
        .select_related("enrollment__employee__org_unit")
        .order_by(F("checked_in_at").desc(nulls_last=True), "-id")
    )
    return {**counts, "rows": list(rows)}
