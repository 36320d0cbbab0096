"""Reads of the workshops app."""

from collections.abc import Mapping

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from asn_competency.common.filters import filter_queryset
from training.models import Enrollment, Program, Session

from .filters import WorkshopSessionFilter
from .models import WORKSHOP_KINDS, ActionPlan, ActionPlanItem, AgendaItem, Topic


def action_plan_for(*, enrollment) -> ActionPlan | None:
    """The participant's action plan with its items (ordered), or None.

    Public contract: the supervisor follow-up (evaluation) reads plans through this."""
    enrollment_id = getattr(enrollment, "pk", enrollment)
    return (
        ActionPlan.objects.filter(enrollment_id=enrollment_id)
        .prefetch_related(Prefetch("items", queryset=ActionPlanItem.objects.order_by("position")))
        .first()
    )


def workshop_sessions_upcoming(*, topic: str | None = None, filters: Mapping | None = None) -> QuerySet[Session]:
    """Scheduled, future sessions of published workshop/seminar programs, ordered by
    topic then start, with the workshop details and `seats_left` in the same query."""
    qs = Session.objects.filter(
        program__kind__in=WORKSHOP_KINDS,
        program__status=Program.Status.PUBLISHED,
        status=Session.Status.SCHEDULED,
        start__gte=timezone.now(),
    )
    if topic:
        qs = qs.filter(program__workshop__topic=topic)
    if filters is not None:  # query parameters of WorkshopSessionFilter; invalid ones raise ApplicationError
        qs = filter_queryset(WorkshopSessionFilter, data=filters, queryset=qs)
    return (
        qs.select_related("program", "program__workshop", "program__workshop__facilitator", "venue")
        .with_seats()
        .annotate(
            topic_order=Case(
                *[When(program__workshop__topic=value, then=Value(i)) for i, value in enumerate(Topic.values)],
                default=Value(len(Topic.values)),
                output_field=IntegerField(),
            )
        )
        .order_by("topic_order", "start", "code")
    )


def workshop_get(*, code: str) -> Program:
    """A published workshop/seminar program with its details, agenda and upcoming sessions."""
    now = timezone.now()
    return (
        Program.objects.filter(kind__in=WORKSHOP_KINDS, status=Program.Status.PUBLISHED)
        .select_related("workshop", "workshop__facilitator")
        .prefetch_related(
            Prefetch("workshop__agenda", queryset=AgendaItem.objects.order_by("day", "start_time")),
            Prefetch(
                "sessions",
                queryset=Session.objects.filter(status=Session.Status.SCHEDULED, start__gte=now)
                .select_related("venue")
                .order_by("start"),
                to_attr="upcoming_sessions",
            ),
        )
        .get(code=code)
    )


def workshop_enrollments_for(*, employee) -> QuerySet[Enrollment]:
    """The ASN's workshop/seminar enrolments (newest first) with their action plans."""
    return (
        Enrollment.objects.filter(
            employee=employee,
            session__program__kind__in=WORKSHOP_KINDS,
            status__in=[Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED],
        )
        .select_related("session", "session__program", "action_plan")
        .prefetch_related(Prefetch("action_plan__items", queryset=ActionPlanItem.objects.order_by("position")))
        .order_by("-session__start")
    )


def enrollment_for_plan(*, pk: int, employee) -> Enrollment:
    """The employee's own enrolment (DoesNotExist for someone else's)."""
    return Enrollment.objects.select_related("session", "session__program", "session__program__workshop").get(
        pk=pk, employee=employee
    )


def workshop_programs_for_hr() -> QuerySet[Program]:
    """Workshop and seminar programs with their details (or none yet), agenda length,
    upcoming sessions and action plans written."""
    now = timezone.now()
    return (
        Program.objects.filter(kind__in=WORKSHOP_KINDS)
        .exclude(status=Program.Status.ARCHIVED)
        .select_related("workshop", "workshop__facilitator")
        .annotate(
            agenda_count=Count("workshop__agenda", distinct=True),
            upcoming_count=Count(
                "sessions",
                filter=Q(sessions__status=Session.Status.SCHEDULED, sessions__start__gte=now),
                distinct=True,
            ),
            plan_count=Count("sessions__enrollments__action_plan", distinct=True),
        )
        .order_by("title")
    )


def workshop_program_get(*, code: str) -> Program:
    return (
        Program.objects.filter(kind__in=WORKSHOP_KINDS)
        .select_related("workshop", "workshop__facilitator")
        .prefetch_related(Prefetch("workshop__agenda", queryset=AgendaItem.objects.order_by("day", "start_time")))
        .get(code=code)
    )


def workshop_sessions_for_hr(*, program) -> QuerySet[Session]:
    """A workshop's sessions, newest first, with participants and action plans counted."""
    participants = Q(enrollments__status__in=[Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED])
    return (
        Session.objects.filter(program=program)
        .annotate(
            participant_count=Count("enrollments", filter=participants, distinct=True),
            plan_count=Count("enrollments__action_plan", filter=participants, distinct=True),
        )
        .order_by("-start")
    )


def session_action_plans(*, session_id: int) -> tuple[Session, QuerySet[Enrollment]]:
    """A workshop session and its participants with their action plans (None when not written)."""
    session = Session.objects.select_related("program").get(pk=session_id, program__kind__in=WORKSHOP_KINDS)
    enrollments = (
        Enrollment.objects.filter(session=session, status__in=[Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED])
        .select_related("employee", "employee__org_unit", "action_plan")
        .prefetch_related(Prefetch("action_plan__items", queryset=ActionPlanItem.objects.order_by("position")))
        .order_by("employee__full_name")
    )
    return session, enrollments
