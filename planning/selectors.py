"""Reads of the planning app: bulk jobs, the 20-JP report and competency gaps.
Every figure is aggregated by the database."""

from decimal import Decimal

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    F,
    FilteredRelation,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from accounts import gaps as gap_rules
from accounts.models import Competency, Employee, EmployeeCompetency, OrgUnit, PositionCompetency
from training.jp_target import jp_target_expression
from training.models import JpLedgerEntry, JpUnitYear, JpYearTotal, Program, ProgramCompetency

from .models import BulkEnrollmentJob, BulkEnrollmentRow, NeedsFigure

JP = DecimalField(max_digits=8, decimal_places=1)
ZERO = Value(Decimal("0"), output_field=JP)


# --- Organisation units -----------------------------------------------------------


def unit_ids_with_descendants(unit_ids) -> list[int]:
    """The units and everything below them (kecamatan -> kelurahan, dinas -> UPT).
    One query for the whole tree; the walk is over units, not over data rows."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in OrgUnit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    result, stack = [], list(unit_ids)
    while stack:
        pk = stack.pop()
        if pk in result:
            continue
        result.append(pk)
        stack.extend(children.get(pk, []))
    return result


# --- Bulk enrolment ---------------------------------------------------------------


def bulk_job_list(*, limit: int = 30) -> QuerySet[BulkEnrollmentJob]:
    return BulkEnrollmentJob.objects.select_related(
        "session__program", "org_unit", "competency", "created_by"
    ).order_by("-created_at", "-id")[:limit]


def bulk_job_get(*, pk: int) -> BulkEnrollmentJob:
    return BulkEnrollmentJob.objects.select_related("session__program", "org_unit", "competency", "created_by").get(
        pk=pk
    )


def bulk_job_counts(*, job: BulkEnrollmentJob) -> dict[str, int]:
    """How many rows ended in each outcome (one grouped query)."""
    counts = dict(job.rows.values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))
    return {outcome: counts.get(outcome, 0) for outcome in BulkEnrollmentRow.Outcome.values}


def bulk_job_rows(*, job: BulkEnrollmentJob, outcome: str | None = None) -> QuerySet[BulkEnrollmentRow]:
    qs = job.rows.select_related("employee__org_unit")
    if outcome:
        qs = qs.filter(outcome=outcome)
    return qs.order_by("line")


# --- The 20-JP report ---------------------------------------------------------------


def _employees(*, unit_ids=None, employment_type: str | None = None, search: str | None = None):
    qs = Employee.objects.filter(is_active=True)
    if unit_ids is not None:
        qs = qs.filter(org_unit_id__in=unit_ids)
    if employment_type:
        qs = qs.filter(employment_type=employment_type)
    if search:
        qs = qs.filter(Q(full_name__icontains=search) | Q(nip__startswith=search))
    return qs


def jp_report_rows(
    *,
    year: int,
    unit_ids=None,
    employment_type: str | None = None,
    search: str | None = None,
    below_only: bool = True,
) -> QuerySet[Employee]:
    """ASN with `jp_total` (credited for `year`), `jp_target` and `jp_missing`;
    by default only those below their target. One query whatever the size."""
    qs = _employees(unit_ids=unit_ids, employment_type=employment_type, search=search).annotate(
        jp_total=Coalesce(Sum("jp_entries__jp", filter=Q(jp_entries__year=year)), ZERO, output_field=JP),
        jp_target=jp_target_expression(),
    )
    qs = qs.annotate(jp_missing=Greatest(F("jp_target") - F("jp_total"), ZERO, output_field=JP))
    if below_only:
        qs = qs.filter(jp_total__lt=F("jp_target"))
    return qs.select_related("org_unit", "position").order_by("org_unit__name", "full_name", "pk")


def jp_report_by_unit(*, year: int, unit_ids=None, employment_type: str | None = None, search: str | None = None):
    """Per OrgUnit: active ASN, how many are below target, their average JP."""
    total = JpLedgerEntry.objects.filter(employee=OuterRef("pk"), year=year).values("employee").annotate(s=Sum("jp"))
    qs = _employees(unit_ids=unit_ids, employment_type=employment_type, search=search).annotate(
        jp_total=Coalesce(Subquery(total.values("s"), output_field=JP), ZERO, output_field=JP),
        jp_target=jp_target_expression(),
    )
    return (
        qs.values("org_unit_id", "org_unit__name")
        .annotate(
            asn=Count("pk"),
            below=Count("pk", filter=Q(jp_total__lt=F("jp_target"))),
            average_jp=Avg("jp_total"),
        )
        .order_by("-below", "org_unit__name")
    )


# --- The 20-JP report from the summaries (training.models.JpYearTotal, JpUnitYear) ----
# The page reads what Celery keeps (training.services.jp_summary) instead of
# summing the ledger for every ASN of the city on each view; the figures are the
# live ones above as of `refreshed_at` (tests assert they are equal).


def jp_summary_rows(
    *,
    year: int,
    unit_ids=None,
    employment_type: str | None = None,
    search: str | None = None,
    below_only: bool = True,
) -> QuerySet[Employee]:
    """`jp_report_rows` from the summary: the same rows and annotations, in the
    same order (unit name, name), read by walking one index with LIMIT."""
    # One filter() call: conditions on a multi-valued relation in separate calls
    # would each join the summary again.
    conditions = Q(t__isnull=False)
    if unit_ids is not None:
        conditions &= Q(t__org_unit_id__in=unit_ids)
    if employment_type:
        conditions &= Q(t__employment_type=employment_type)
    if search:
        conditions &= Q(full_name__icontains=search) | Q(nip__startswith=search)
    if below_only:
        conditions &= Q(t__reached=False)
    qs = Employee.objects.annotate(t=FilteredRelation("jp_year_totals", condition=Q(jp_year_totals__year=year)))
    qs = qs.filter(conditions)
    qs = qs.annotate(jp_total=F("t__jp_total"), jp_target=F("t__jp_target"))
    qs = qs.annotate(jp_missing=Greatest(F("jp_target") - F("jp_total"), ZERO, output_field=JP))
    return qs.select_related("org_unit", "position").order_by("t__unit_name", "t__full_name", "t__employee_id")


def jp_summary_by_unit(
    *, year: int, unit_ids=None, employment_type: str | None = None, search: str | None = None
) -> list[dict]:
    """`jp_report_by_unit` from the summary (same keys), each row with the
    `refreshed_at` of its figures. One query over a few hundred rows (per unit
    and employment type); with a name search, over the ASN rows that match."""
    if search:
        qs = JpYearTotal.objects.filter(year=year).filter(
            Q(employee__full_name__icontains=search) | Q(employee__nip__startswith=search)
        )
        figures = {"asn": Count("pk"), "below": Count("pk", filter=Q(reached=False)), "jp": Sum("jp_total")}
    else:
        qs = JpUnitYear.objects.filter(year=year)
        figures = {"asn": Sum("asn"), "below": Sum("below"), "jp": Sum("jp_sum")}
    if unit_ids is not None:
        qs = qs.filter(org_unit_id__in=unit_ids)
    if employment_type:
        qs = qs.filter(employment_type=employment_type)
    rows = list(
        qs.values("org_unit_id", "org_unit__name")
        .annotate(**figures, refreshed_at=Min("refreshed_at"))
        .order_by("-below", "org_unit__name")
    )
    for row in rows:
        row["average_jp"] = Decimal(row.pop("jp")) / row["asn"]
    return rows


# --- Competency gaps ----------------------------------------------------------------


def _assessed_level(employee_ref, competency_ref):
    return Subquery(
        EmployeeCompetency.objects.filter(employee_id=employee_ref, competency_id=competency_ref).values("level")[:1],
        output_field=IntegerField(),
    )


def competency_profile_for(*, employee: Employee) -> QuerySet[PositionCompetency]:
    """The position's required competencies with the ASN's `assessed` level and
    `gap` (accounts.gaps: required - assessed, positive = deficit; None while
    not assessed). One query."""
    if not employee.position_id:
        return PositionCompetency.objects.none()
    return (
        PositionCompetency.objects.filter(position_id=employee.position_id)
        .select_related("competency")
        .annotate(assessed=_assessed_level(employee.pk, OuterRef("competency_id")))
        .annotate(gap=gap_rules.gap_expression(required="level", assessed="assessed"))
        .order_by("competency__type", "competency__code")
    )


def programs_for_gaps(*, gaps: list, employee: Employee) -> list[Program]:
    """Published programs for the ASN's audience (Program.is_for: position kind
    and unit kind) that raise a competency the ASN lacks (target level above the
    assessed one), each with `addresses`: the gap competencies it covers.
    `gaps`: rows of `competency_profile_for` that need development."""
    needed = {g.competency_id: g.assessed for g in gaps}
    if not needed:
        return []
    programs = (
        Program.objects.filter(
            status=Program.Status.PUBLISHED,
            program_competencies__competency_id__in=list(needed),
        )
        .distinct()
        .prefetch_related(
            Prefetch(
                "program_competencies",
                queryset=ProgramCompetency.objects.filter(competency_id__in=list(needed)).select_related("competency"),
                to_attr="gap_links",
            )
        )
        .order_by("title")
    )
    result = []
    for program in programs:
        # Small per-ASN lists (a few requirements); the filtering by level needs both sides.
        if not program.is_for(employee):
            continue
        program.addresses = [
            link
            for link in program.gap_links
            if gap_rules.closes_gap(target_level=link.target_level, assessed=needed[link.competency_id])
        ]
        if program.addresses:
            result.append(program)
    result.sort(key=lambda p: (-len(p.addresses), p.title))
    return result


def _requirement_rows(*, unit_ids=None, employment_type: str | None = None):
    """One row per (active ASN, competency required by the ASN's position), with
    `required`, `assessed` and the ASN id as `asn`."""
    # One filter() call, so that every condition and the annotations below use
    # the same join to the employees (chained filters would join them again).
    conditions = {"position__employees__is_active": True}
    if unit_ids is not None:
        conditions["position__employees__org_unit_id__in"] = unit_ids
    if employment_type:
        conditions["position__employees__employment_type"] = employment_type
    qs = PositionCompetency.objects.filter(**conditions)
    return qs.annotate(
        asn=F("position__employees__id"),
        assessed=_assessed_level(OuterRef("position__employees__id"), OuterRef("competency_id")),
    )


# Published programs per competency (the needs pages' "programs that address it"); its
# one parameter is Program.Status.PUBLISHED.
_PUBLISHED_PROGRAMS_SQL = f"""
    SELECT l.competency_id, COUNT(DISTINCT l.program_id) AS n
    FROM {ProgramCompetency._meta.db_table} l JOIN {Program._meta.db_table} p ON p.id = l.program_id
    WHERE p.status = %s
    GROUP BY l.competency_id
"""  # noqa: S608 - table names from the models' _meta


def training_needs(*, unit_ids=None, employment_type: str | None = None) -> list[dict]:
    """The training-needs table: per required competency, how many ASN need it,
    how many fall short (assessed below required), how many are not assessed,
    the average shortfall of those who fall short, and how many published
    programs develop it.

    The gap is accounts.gaps' definition (required - assessed, positive = a
    deficit), written out in SQL here for one pass: (requirement x active ASN of the position) joined to the assessed
    level by a hash join, counted with FILTER; the published programs are
    grouped once beforehand (never a subquery per row or inside the GROUP BY)."""
    employee_conditions, params = ["e.is_active"], []
    if unit_ids is not None:
        unit_ids = list(unit_ids)
        if not unit_ids:
            return []
        employee_conditions.append(f"e.org_unit_id IN ({', '.join(['%s'] * len(unit_ids))})")
        params.extend(unit_ids)
    if employment_type:
        employee_conditions.append("e.employment_type = %s")
        params.append(employment_type)
    sql = f"""
        SELECT c.id, c.code, c.name, c.type, t.required, t.with_gap, t.not_assessed, t.average_gap,
               pp.n
        FROM (
            SELECT pc.competency_id,
                   COUNT(*) AS required,
                   COUNT(*) FILTER (WHERE ec.level < pc.level) AS with_gap,
                   COUNT(*) FILTER (WHERE ec.level IS NULL) AS not_assessed,
                   AVG(pc.level - ec.level) FILTER (WHERE ec.level < pc.level) AS average_gap
            FROM {PositionCompetency._meta.db_table} pc
            JOIN {Employee._meta.db_table} e ON e.position_id = pc.position_id AND {" AND ".join(employee_conditions)}
            LEFT JOIN {EmployeeCompetency._meta.db_table} ec
                ON ec.employee_id = e.id AND ec.competency_id = pc.competency_id
            GROUP BY pc.competency_id
        ) t
        JOIN {Competency._meta.db_table} c ON c.id = t.competency_id
        LEFT JOIN ({_PUBLISHED_PROGRAMS_SQL}) pp ON pp.competency_id = t.competency_id
        ORDER BY t.with_gap DESC, t.not_assessed DESC, c.code
    """  # noqa: S608 - table names from the models' _meta; every value is a parameter
    keys = ["competency_id", "competency__code", "competency__name", "competency__type", "required", "with_gap",
            "not_assessed", "average_gap", "published_programs"]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, Program.Status.PUBLISHED])
        rows = [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        if row["average_gap"] is not None:
            row["average_gap"] = float(row["average_gap"])
    return rows


def training_needs_summary(*, unit_ids=None, employment_type: str | None = None) -> list[dict]:
    """`training_needs` from the figures Celery keeps (NeedsFigure: per
    competency, unit and employment type), with the same keys and order, each
    row with `refreshed_at`. One query over a few thousand rows, whatever the
    number of ASN."""
    conditions, params = ["1 = 1"], []
    if unit_ids is not None:
        unit_ids = list(unit_ids)
        if not unit_ids:
            return []
        conditions.append(f"f.org_unit_id IN ({', '.join(['%s'] * len(unit_ids))})")
        params.extend(unit_ids)
    if employment_type:
        conditions.append("f.employment_type = %s")
        params.append(employment_type)
    sql = f"""
        SELECT c.id, c.code, c.name, c.type, t.required, t.with_gap, t.not_assessed, t.gap_sum, pp.n,
               t.refreshed_at
        FROM (
            SELECT f.competency_id, SUM(f.required) AS required, SUM(f.with_gap) AS with_gap,
                   SUM(f.not_assessed) AS not_assessed, SUM(f.gap_sum) AS gap_sum,
                   MIN(f.refreshed_at) AS refreshed_at
            FROM {NeedsFigure._meta.db_table} f
            WHERE {" AND ".join(conditions)}
            GROUP BY f.competency_id
        ) t
        JOIN {Competency._meta.db_table} c ON c.id = t.competency_id
        LEFT JOIN ({_PUBLISHED_PROGRAMS_SQL}) pp ON pp.competency_id = t.competency_id
        ORDER BY t.with_gap DESC, t.not_assessed DESC, c.code
    """  # noqa: S608 - table names from the models' _meta; every value is a parameter
    keys = ["competency_id", "competency__code", "competency__name", "competency__type", "required", "with_gap",
            "not_assessed", "gap_sum", "published_programs", "refreshed_at"]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, Program.Status.PUBLISHED])
        rows = [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]
    field = NeedsFigure._meta.get_field("refreshed_at")
    for row in rows:
        gap_sum = row.pop("gap_sum")
        row["average_gap"] = gap_sum / row["with_gap"] if row["with_gap"] else None
        # Raw SQL: the backend's value, converted as the ORM would (SQLite gives text).
        row["refreshed_at"] = field.to_python(row["refreshed_at"])
    return rows


def needs_summary_exists() -> bool:
    return NeedsFigure.objects.exists()


def employees_with_gap(*, competency: Competency, unit_ids=None, employment_type: str | None = None):
    """The ASN who fall short (or are not assessed) in one competency, with
    `required` and `assessed` levels: HR's list for a session's invitations."""
    level = PositionCompetency.objects.filter(position_id=OuterRef("position_id"), competency=competency).values(
        "level"
    )[:1]
    qs = _employees(unit_ids=unit_ids, employment_type=employment_type).filter(
        position__requirements__competency=competency
    )
    return (
        qs.annotate(
            required=Subquery(level, output_field=IntegerField()),
            assessed=_assessed_level(OuterRef("pk"), competency.pk),
        )
        .filter(Q(assessed__isnull=True) | gap_rules.deficit_q(required="required", assessed="assessed"))
        .select_related("org_unit", "position")
        .order_by("org_unit__name", "full_name")
    )


def competency_get(*, pk: int) -> Competency:
    return Competency.objects.get(pk=pk)


def employee_get(*, pk: int) -> Employee:
    return Employee.objects.select_related("org_unit", "position", "user").get(pk=pk)


def unit_by_code(*, code: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(code=code).first()
