"""Reads of citizen feedback: scoped staff lists, tracking, counts for evaluation."""

import datetime
import time

from django.conf import settings
from django.db.models import BooleanField, Case, Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from accounts.models import Competency, OrgUnit
from accounts.rules import employee_of, is_hr_staff, is_unit_officer

from ..codes import is_well_formed, normalize_tracking_code
from ..models import Feedback, FeedbackEvent, FeedbackStatusCount, KioskDevice, Service

S = Feedback.Status


def officer_unit_id(*, user) -> int | None:
    """The unit a unit officer works at (cached on the user object for the request)."""
    if not is_unit_officer(user):
        return None
    employee = employee_of(user)
    return employee.org_unit_id if employee is not None else None


def feedback_scope(*, user) -> QuerySet[Feedback]:
    """The feedback a staff member may see: HR/admin all, a unit officer their unit's, others none."""
    qs = Feedback.objects.all()
    if is_hr_staff(user):
        return qs
    unit_id = officer_unit_id(user=user)
    if unit_id is not None:
        return qs.filter(handling_unit_id=unit_id)
    return qs.none()


def with_overdue(qs: QuerySet[Feedback], *, today: datetime.date | None = None) -> QuerySet[Feedback]:
    """Annotate `verification_overdue`, `answer_overdue` and `is_overdue` in SQL."""
    today = today or timezone.localdate()
    verification = Q(status=S.RECEIVED, verify_due__lt=today)
    answer = Q(status__in=[S.VERIFIED, S.FORWARDED], answer_due__lt=today)
    return qs.annotate(
        verification_overdue=Case(
            When(verification, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        answer_overdue=Case(When(answer, then=Value(True)), default=Value(False), output_field=BooleanField()),
        is_overdue=Case(
            When(verification | answer, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
    )


def feedback_list(
    *,
    user,
    status: str = "",
    kind: str = "",
    unit: OrgUnit | None = None,
    overdue: bool = False,
    query: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Feedback]:
    qs = with_overdue(feedback_scope(user=user), today=today).select_related("unit", "service", "handling_unit")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if unit is not None:
        qs = qs.filter(Q(unit=unit) | Q(handling_unit=unit))
    if overdue:
        qs = qs.filter(is_overdue=True)
    if query:
        code = normalize_tracking_code(query)
        qs = qs.filter(Q(message__icontains=query) | Q(tracking_code=code))
    return qs.order_by("-is_overdue", "-created_at")


def overdue_condition(*, today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(status=S.RECEIVED, verify_due__lt=today) | Q(status__in=[S.VERIFIED, S.FORWARDED], answer_due__lt=today)


def feedback_list_segments(*, today: datetime.date | None = None, **filters) -> list[QuerySet[Feedback]]:
    """feedback_list as two segments in page order: the overdue ones, then the
    rest, each newest first. Each is read through an index (the small partial
    index of open feedback; created_at) up to the page's LIMIT, instead of
    sorting the whole table by a computed flag (see paginate_segments)."""
    qs = feedback_list(today=today, **filters)
    overdue = overdue_condition(today=today)
    return [qs.filter(overdue).order_by("-created_at", "-pk"), qs.exclude(overdue).order_by("-created_at", "-pk")]


def feedback_status_counts(*, user) -> dict:
    """Open / overdue counts for the staff list, with `computed_at` (None: counted now).

    The whole city's (HR, admin) come from the worker's snapshot (FeedbackStatusCount,
    a few hundred rows, one query) while it is at most
    FEEDBACK_STATUS_COUNTS_MAX_AGE_SECONDS old and of today; a unit officer's, or the
    city's without a fresh snapshot, are counted at once (one more query)."""
    if is_hr_staff(user):
        snapshot = FeedbackStatusCount.objects.aggregate(
            received=Sum("count", filter=Q(status=S.RECEIVED)),
            in_progress=Sum("count", filter=Q(status__in=[S.VERIFIED, S.FORWARDED])),
            responded=Sum("count", filter=Q(status=S.RESPONDED)),
            overdue=Sum("count", filter=Q(overdue=True)),
            computed_at=Min("computed_at"),
        )
        at, now = snapshot["computed_at"], timezone.now()
        max_age = datetime.timedelta(seconds=settings.FEEDBACK_STATUS_COUNTS_MAX_AGE_SECONDS)
        if at is not None and now - at <= max_age and timezone.localtime(at).date() == timezone.localdate():
            return {key: value or 0 for key, value in snapshot.items() if key != "computed_at"} | {"computed_at": at}
    # Only the open statuses (and responded) are read: an index-only scan of the
    # partial index feedback_open_status, never the closed bulk of the table.
    counts = (
        feedback_scope(user=user)
        .filter(status__in=Feedback.COUNTED_STATUSES)
        .aggregate(
            received=Count("pk", filter=Q(status=S.RECEIVED)),
            in_progress=Count("pk", filter=Q(status__in=[S.VERIFIED, S.FORWARDED])),
            responded=Count("pk", filter=Q(status=S.RESPONDED)),
            overdue=Count("pk", filter=overdue_condition()),
        )
    )
    return counts | {"computed_at": None}


def feedback_get_for_staff(*, user, pk: int) -> Feedback:
    """One feedback with its history, tags and units; Feedback.DoesNotExist outside the user's scope."""
    events = FeedbackEvent.objects.select_related("actor", "actor__employee", "to_unit").order_by("created_at", "pk")
    return (
        with_overdue(feedback_scope(user=user))
        .select_related("unit", "service", "handling_unit", "kiosk")
        .prefetch_related(Prefetch("events", queryset=events), "competencies", "programs")
        .get(pk=pk)
    )


def feedback_tracking_code_by_idempotency_key(*, key: str) -> str | None:
    """The tracking code of the submission stored under a client's idempotency key."""
    return Feedback.objects.filter(idempotency_key=key).values_list("tracking_code", flat=True).first()


def feedback_get_by_code(*, code: str) -> Feedback | None:
    """The public view of a submission: status and public history entries."""
    code = normalize_tracking_code(code)
    if not is_well_formed(code):
        return None
    # Entries with a public text (replies, reasons), and the verification, so the
    # citizen sees that the unit has accepted the feedback.
    public_events = FeedbackEvent.objects.filter(~Q(public_text="") | Q(action=FeedbackEvent.Action.VERIFIED)).order_by(
        "created_at", "pk"
    )
    return (
        with_overdue(Feedback.objects.all())
        .select_related("unit", "service", "handling_unit")
        .prefetch_related(Prefetch("events", queryset=public_events, to_attr="public_events"))
        .filter(tracking_code=code)
        .first()
    )


def service_list(*, unit: OrgUnit | None = None, unit_code: str = "") -> QuerySet[Service]:
    qs = Service.objects.filter(is_active=True).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    elif unit_code:
        qs = qs.filter(unit__code=unit_code)
    return qs.order_by("name")


def public_unit_list() -> QuerySet[OrgUnit]:
    """Units that take public feedback, with how many services each lists."""
    services = Service.objects.filter(unit=OuterRef("pk"), is_active=True)
    return (
        OrgUnit.objects.filter(serves_public=True, is_active=True)
        .annotate(has_services=Exists(services))
        .order_by("-has_services", "name")
    )


def public_unit_get(*, code: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(code=code, serves_public=True, is_active=True).first()


def service_get(*, unit: OrgUnit, code: str) -> Service | None:
    return Service.objects.filter(unit=unit, code=code).first()


# The public write path's look-ups, kept in this process's memory for
# FEEDBACK_UNIT_CACHE_SECONDS (the tables are small and rarely change; a query
# each costs a public POST more than its INSERT). Never trusted on their own: the
# submission's INSERT checks in the same statement that the unit and service are
# still active (feedback.services.submission), and when they are not, the caller
# forgets these and asks the database again. Codes that are not found are not kept.
_public_cache: dict = {}


def _cached(key, load):
    now = time.monotonic()
    hit = _public_cache.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = load()
    if value is not None:
        _public_cache[key] = (now + settings.FEEDBACK_UNIT_CACHE_SECONDS, value)
    return value


def public_unit_cached(*, code: str) -> OrgUnit | None:
    """public_unit_get, through this process's memory (treat the object as read-only)."""
    return _cached(("unit", code), lambda: public_unit_get(code=code))


def service_cached(*, unit: OrgUnit, code: str) -> Service | None:
    """service_get, through this process's memory (treat the object as read-only)."""
    return _cached(("service", unit.pk, code), lambda: service_get(unit=unit, code=code))


def public_units_forget(**kwargs) -> None:
    """Drop the units and services kept by public_unit_cached/service_cached (in this
    process; the others find out through the INSERT's check or within the timeout)."""
    _public_cache.clear()


def kiosk_get_by_token(*, token: str) -> KioskDevice | None:
    from ..services.kiosk import kiosk_token_hash

    if not token:
        return None
    return (
        KioskDevice.objects.select_related("unit", "service")
        .filter(token_hash=kiosk_token_hash(token), is_active=True)
        .first()
    )


def kiosk_list() -> QuerySet[KioskDevice]:
    return KioskDevice.objects.select_related("unit", "service", "issued_by").order_by("-is_active", "unit__name")


def feedback_counts(
    *, by: str, start: datetime.date | None = None, end: datetime.date | None = None, unit: OrgUnit | None = None
) -> list[dict]:
    """Feedback counts per competency, training program, unit or service for a period (for evaluation).

    Each row: {"id", "code", "name", "total", "complaints", "suggestions", "compliments"}, most first.
    One query.
    """
    groups = {
        "competency": ("competencies__id", "competencies__code", "competencies__name"),
        "program": ("programs__id", "programs__code", "programs__title"),
        "unit": ("unit_id", "unit__code", "unit__name"),
        "service": ("service_id", "service__code", "service__name"),
    }
    if by not in groups:
        raise ValueError(f"by must be one of {sorted(groups)}")
    id_field, code_field, name_field = groups[by]
    qs = Feedback.objects.all()
    if start is not None:
        qs = qs.filter(created_at__date__gte=start)
    if end is not None:
        qs = qs.filter(created_at__date__lte=end)
    if unit is not None:
        qs = qs.filter(unit=unit)
    rows = (
        qs.filter(**{f"{id_field}__isnull": False})
        .order_by()
        .values(id_field, code_field, name_field)
        .annotate(
            total=Count("pk", distinct=True),
            complaints=Count("pk", filter=Q(kind=Feedback.Kind.COMPLAINT), distinct=True),
            suggestions=Count("pk", filter=Q(kind=Feedback.Kind.SUGGESTION), distinct=True),
            compliments=Count("pk", filter=Q(kind=Feedback.Kind.COMPLIMENT), distinct=True),
        )
        .order_by("-total", name_field)
    )
    return [
        {
            "id": row[id_field],
            "code": row[code_field],
            "name": row[name_field],
            "total": row["total"],
            "complaints": row["complaints"],
            "suggestions": row["suggestions"],
            "compliments": row["compliments"],
        }
        for row in rows
    ]


def competency_choices() -> QuerySet[Competency]:
    return Competency.objects.order_by("type", "code")


def program_choices():
    from training.models import Program

    return Program.objects.order_by("title")


def handling_unit_choices() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(is_active=True).order_by("name")


def kiosk_get(*, pk: int) -> KioskDevice:
    return KioskDevice.objects.select_related("unit").get(pk=pk)


def officer_unit(*, user) -> OrgUnit | None:
    unit_id = officer_unit_id(user=user)
    return OrgUnit.objects.filter(pk=unit_id).first() if unit_id else None
