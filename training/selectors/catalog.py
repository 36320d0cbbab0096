"""Programs and sessions as the catalogue, calendar and API show them."""

import datetime
from collections.abc import Mapping

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from asn_competency.common.filters import filter_data, filter_queryset

from ..filters import ProgramFilter, SessionFilter
from ..models import Enrollment, Program, ProgramCompetency, Session, Trainer, Venue


def _with_seats(qs: QuerySet[Session]) -> QuerySet[Session]:
    """Annotate seats_taken / seats_left / waitlist_count in the same query (SessionQuerySet.with_seats)."""
    return qs.with_seats()


def session_seats_attach(*, sessions) -> list[Session]:
    """Set seats_taken / waitlist_count / seats_left on the given sessions (a
    page): one grouped query over their enrolments only."""
    sessions = list(sessions)
    counts = {
        row["session_id"]: row
        for row in Enrollment.objects.filter(session__in=[s.pk for s in sessions])
        .values("session_id")
        .order_by()
        .annotate(
            taken=Count("id", filter=Q(status__in=Enrollment.SEAT_STATUSES)),
            waiting=Count("id", filter=Q(status=Enrollment.Status.WAITLISTED)),
        )
    }
    for session in sessions:
        row = counts.get(session.pk, {})
        session.seats_taken = row.get("taken", 0)
        session.waitlist_count = row.get("waiting", 0)
        session.seats_left = max(session.capacity - session.seats_taken, 0)
    return sessions


def program_list_published(
    *,
    competencies=None,
    category: str | None = None,
    kind: str | None = None,
    search: str | None = None,
    competency_code: str | None = None,
    filters: Mapping | None = None,
) -> QuerySet[Program]:
    """Published programs, each with `upcoming_sessions` and `next_start`;
    `competencies` (ids or objects) keeps programs addressing any of them.

    `filters` are query parameters of `ProgramFilter`; the keyword filters go
    through the same FilterSet (one definition of each filter). Invalid values
    raise ApplicationError."""
    now = timezone.now()
    qs = Program.objects.filter(status=Program.Status.PUBLISHED)
    if competencies:
        ids = [getattr(c, "pk", c) for c in competencies]
        qs = qs.filter(program_competencies__competency_id__in=ids).distinct()
    data = filter_data(filters, category=category, kind=kind, search=search, competency=competency_code)
    qs = filter_queryset(ProgramFilter, data=data, queryset=qs)
    upcoming = Q(sessions__status=Session.Status.SCHEDULED, sessions__start__gte=now)
    return (
        qs.annotate(
            upcoming_sessions=Count("sessions", filter=upcoming, distinct=True),
            next_start=Min("sessions__start", filter=upcoming),
        )
        .prefetch_related(
            Prefetch(
                "program_competencies",
                queryset=ProgramCompetency.objects.select_related("competency").order_by("competency__code"),
            )
        )
        .order_by("title")
    )


def program_list(*, status: str | None = None, search: str | None = None) -> QuerySet[Program]:
    """Every program for HR, with session counts."""
    qs = Program.objects.all()
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(code__icontains=search))
    return qs.annotate(session_count=Count("sessions")).order_by("title")


def program_get(*, code: str, published_only: bool = True) -> Program:
    qs = Program.objects.prefetch_related(
        Prefetch(
            "program_competencies",
            queryset=ProgramCompetency.objects.select_related("competency").order_by("competency__code"),
        ),
        "revisions",
    )
    if published_only:
        qs = qs.filter(status=Program.Status.PUBLISHED)
    return qs.get(code=code)


def program_get_published(*, code: str) -> Program:
    """A published program with the annotations of the catalogue (`upcoming_sessions`, `next_start`)."""
    return program_list_published().get(code=code)


def session_list(
    *,
    program=None,
    category: str | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    has_seats: bool | None = None,
    statuses=(Session.Status.SCHEDULED,),
    published_only: bool = True,
    search: str | None = None,
    newest_first: bool = False,
    filters: Mapping | None = None,
    with_seats: bool = True,
) -> QuerySet[Session]:
    """Sessions with seats annotated; dates are local (WIB) calendar days.
    `filters`: query parameters of `SessionFilter` (invalid ones raise ApplicationError).

    `with_seats=False` leaves the seat counts out (no join to the enrolments): a
    paginated list counts the seats of its page only, after the LIMIT, with
    session_seats_attach."""
    qs = Session.objects.all()
    if published_only:
        qs = qs.filter(program__status=Program.Status.PUBLISHED)
    if statuses:
        qs = qs.filter(status__in=statuses)
    if program is not None:
        qs = qs.filter(program=program) if isinstance(program, Program) else qs.filter(program__code=program)
    if category:
        qs = qs.filter(program__category=category)
    if date_from:
        qs = qs.filter(end__date__gte=date_from)
    if date_to:
        qs = qs.filter(start__date__lte=date_to)
    if search:
        qs = qs.filter(Q(program__title__icontains=search) | Q(code__icontains=search) | Q(title__icontains=search))
    if with_seats or has_seats is not None:
        qs = _with_seats(qs)
    if has_seats is True:
        qs = qs.filter(seats_left__gt=0)
    elif has_seats is False:
        qs = qs.filter(seats_left=0)
    if filters is not None:
        qs = filter_queryset(SessionFilter, data=filters, queryset=qs)
    order = ("-start", "code") if newest_first else ("start", "code")
    return qs.select_related("program", "venue").prefetch_related("trainers").order_by(*order)


def session_list_for_program(*, program: Program, upcoming_only: bool = True) -> QuerySet[Session]:
    qs = session_list(program=program, published_only=False)
    if upcoming_only:
        qs = qs.filter(end__gte=timezone.now())
    return qs


def session_list_between(*, start: datetime.date, end: datetime.date, hr: bool = False) -> QuerySet[Session]:
    """Sessions touching the local days [start, end] for the calendar; HR also
    sees drafts and unpublished programs."""
    statuses = (
        (Session.Status.SCHEDULED, Session.Status.FINISHED, Session.Status.DRAFT)
        if hr
        else (Session.Status.SCHEDULED, Session.Status.FINISHED)
    )
    return session_list(date_from=start, date_to=end, statuses=statuses, published_only=not hr)


def session_get(*, pk: int) -> Session:
    return (
        _with_seats(Session.objects.filter(pk=pk))
        .select_related("program", "venue")
        .prefetch_related("trainers", "days")
        .get()
    )


def session_get_for_enrolment(*, pk: int) -> Session:
    """The session and its program, nothing else (the enrolment API: a rush of
    requests needs neither trainers nor days). enrollment_create reads the seat
    count itself (without a lock first, whether the request can only be
    waitlisted; then again under the session lock)."""
    return Session.objects.select_related("program").get(pk=pk)


def venue_list(*, active_only: bool = True) -> QuerySet[Venue]:
    qs = Venue.objects.annotate(session_count=Count("sessions"))
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("-is_active", "name")


def venue_get(*, pk: int) -> Venue:
    return Venue.objects.get(pk=pk)


def trainer_list(*, active_only: bool = True) -> QuerySet[Trainer]:
    qs = Trainer.objects.select_related("employee").annotate(session_count=Count("sessions"))
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("-is_active", "name")


def trainer_get(*, pk: int) -> Trainer:
    return Trainer.objects.get(pk=pk)
