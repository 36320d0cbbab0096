"""Reads of announcements: who an audience reaches (one COUNT), the HR list, one announcement."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from accounts.models import OrgUnit
from training.models import Enrollment

from .models import Announcement

# Who counts as a participant of a session: those holding a seat and those who
# took part (completed or not). Waiting, pending, cancelled and rejected are not.
PARTICIPANT_STATUSES = (
    Enrollment.Status.ENROLLED,
    Enrollment.Status.COMPLETED,
    Enrollment.Status.NOT_COMPLETED,
)


def _unit_tree_sql(unit_id: int) -> RawSQL:
    """The unit and every unit below it, as a subquery (a recursive CTE), so the
    audience stays one query whatever the depth of the tree."""
    table = OrgUnit._meta.db_table
    return RawSQL(  # noqa: S611  (only the table name is interpolated; the id is a parameter)
        f"WITH RECURSIVE tree(id) AS (SELECT id FROM {table} WHERE id = %s "  # noqa: S608  (table name from the model)
        f"UNION SELECT u.id FROM {table} u JOIN tree ON u.parent_id = tree.id) SELECT id FROM tree",
        [unit_id],
    )


def _pk(value) -> int:
    return value if isinstance(value, int) else value.pk


def announcement_audience(
    *, audience: str, session=None, program=None, unit=None, include_subunits: bool = True
) -> QuerySet:
    """The active user accounts of active ASN an announcement reaches, each once
    (semi-joins, no DISTINCT needed). Accounts without an ASN profile are not ASN.
    Targets are objects or ids."""
    users = get_user_model().objects.filter(is_active=True, employee__is_active=True)
    if audience == Announcement.Audience.SESSION and session is not None:
        enrolled = Enrollment.objects.filter(session=session, status__in=PARTICIPANT_STATUSES)
        return users.filter(employee__in=enrolled.values("employee_id"))
    if audience == Announcement.Audience.PROGRAM and program is not None:
        completed = Enrollment.objects.filter(session__program=program, status=Enrollment.Status.COMPLETED)
        return users.filter(employee__in=completed.values("employee_id"))
    if audience == Announcement.Audience.UNIT and unit is not None:
        if include_subunits:
            return users.filter(employee__org_unit_id__in=_unit_tree_sql(_pk(unit)))
        return users.filter(employee__org_unit_id=_pk(unit))
    return users.none()


def announcement_audience_count(**target) -> int:
    """The preview's number: one COUNT query (none for an incomplete choice)."""
    queryset = announcement_audience(**target)
    return queryset.count()


def announcement_audience_args(*, announcement: Announcement) -> dict:
    """The audience arguments of an announcement (ids: no query to load its targets)."""
    return {
        "audience": announcement.audience,
        "session": announcement.session_id,
        "program": announcement.program_id,
        "unit": announcement.unit_id,
        "include_subunits": announcement.include_subunits,
    }


def announcement_audience_of(*, announcement: Announcement) -> QuerySet:
    return announcement_audience(**announcement_audience_args(announcement=announcement))


def announcement_list() -> QuerySet[Announcement]:
    """Every announcement, newest first, with what the HR list shows. One query a page."""
    return Announcement.objects.select_related(
        "created_by__employee", "sent_by__employee", "session__program", "program", "unit"
    ).order_by("-created_at", "-id")


def announcement_get(*, pk: int) -> Announcement:
    return announcement_list().get(pk=pk)
