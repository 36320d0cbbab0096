"""The administrators' dashboard: KPIs, trends and top problems, all in SQL.

The number of queries is fixed (see tests): every figure is one aggregate or
one GROUP BY, whatever the number of sessions, answers or employees.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Avg, Count, F, FilteredRelation, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from feedback.selectors.ikm import ikm_by_unit
from training.models import Enrollment, JpUnitYear, Program, Session

from .. import rules
from ..models import (
    Answer,
    DashboardSnapshot,
    Dimension,
    EnrollmentFigure,
    Finding,
    Question,
    ReportRow,
    RevisionReport,
    SummaryBuild,
)
from ..services.prepost import normalised_gain
from .periods import aware_bounds


@dataclass
class DashboardFilters:
    start: datetime.date
    end: datetime.date  # exclusive
    org_unit: object = None  # OrgUnit or None
    program: object = None  # Program or None
    category: str = ""


def _sessions(f: DashboardFilters):
    lo, hi = aware_bounds(f.start, f.end)
    qs = Session.objects.filter(end__gte=lo, end__lt=hi).exclude(status=Session.Status.CANCELLED)
    if f.program is not None:
        qs = qs.filter(program=f.program)
    if f.category:
        qs = qs.filter(program__category=f.category)
    return qs


def _employee_filter(f: DashboardFilters, prefix: str) -> Q:
    if f.org_unit is None:
        return Q()
    return Q(**{f"{prefix}org_unit": f.org_unit})


def jp_share(f: DashboardFilters) -> dict:
    """Share of active ASN at or above their yearly JP target in the year the period
    ends in, from the per-unit summary Celery keeps (training.models.JpUnitYear;
    `refreshed_at` says as of when). The target rule is training.jp_target's."""
    year = (f.end - datetime.timedelta(days=1)).year
    units = JpUnitYear.objects.filter(year=year)
    if f.org_unit is not None:
        units = units.filter(org_unit=f.org_unit)
    row = units.aggregate(total=Sum("asn"), below=Sum("below"), refreshed_at=Min("refreshed_at"))
    total = row["total"] or 0
    reached = total - (row["below"] or 0)
    share = reached / total if total else None
    return {"year": year, "employees": total, "reached": reached, "share": share, "refreshed_at": row["refreshed_at"]}


# Units in the dashboard's IKM chart: the best ones.
IKM_UNITS_SHOWN = 15


def _ikm_by_unit(f: DashboardFilters) -> list[dict]:
    """IKM per unit from the feedback app: the best IKM_UNITS_SHOWN (only those
    get their full figures), or the chosen unit (narrowed in SQL)."""
    return ikm_by_unit(start=f.start, end=f.end - datetime.timedelta(days=1), limit=IKM_UNITS_SHOWN, unit=f.org_unit)


def _kirkpatrick_live(f: DashboardFilters, sessions) -> dict:
    """Levels 1 and 2 and the participants, computed from the source tables
    (the reference the summary is tested against; 8 queries)."""
    emp_q = _employee_filter(f, "employee__")
    # 1 query: distinct participants who completed.
    participants = (
        Enrollment.objects.filter(session__in=sessions, status=Enrollment.Status.COMPLETED)
        .filter(emp_q)
        .aggregate(n=Count("employee", distinct=True))["n"]
    )
    scored = Answer.objects.filter(response__session__in=sessions, question__kind__in=Question.SCORED_KINDS).filter(
        _employee_filter(f, "response__enrollment__employee__")
    )
    # Anonymity counts people (rules.group_is_shown): distinct respondents, not responses.
    people = Count("response__enrollment__employee", distinct=True)
    # 1 query: satisfaction per month.
    satisfaction = list(
        scored.annotate(month=TruncMonth("response__session__end"))
        .values("month")
        .order_by("month")
        .annotate(mean=Avg("value"), responses=Count("response", distinct=True), respondents=people)
    )
    # 1 query: overall satisfaction per dimension.
    dimensions = list(
        scored.values("question__dimension")
        .order_by("question__dimension")
        .annotate(mean=Avg("value"), responses=Count("response", distinct=True), respondents=people)
    )
    tested = (
        Enrollment.objects.filter(session__in=sessions)
        .filter(emp_q)
        .annotate(
            pre=FilteredRelation("test_attempts", condition=Q(test_attempts__kind="pre")),
            post=FilteredRelation("test_attempts", condition=Q(test_attempts__kind="post")),
        )
        .filter(pre__isnull=False, post__isnull=False)
    )
    # 1 query: learning gain per month.
    gains = [
        {"month": r["month"], "gain": normalised_gain(r["pre"], r["post"]), "n": r["n"]}
        for r in tested.annotate(month=TruncMonth("session__end"))
        .values("month")
        .order_by("month")
        .annotate(pre=Avg("pre__score"), post=Avg("post__score"), n=Count("id"))
    ]
    # 1 query: participants per program category.
    by_category = list(
        Enrollment.objects.filter(session__in=sessions, status=Enrollment.Status.COMPLETED)
        .filter(emp_q)
        .values("session__program__category")
        .order_by("session__program__category")
        .annotate(n=Count("id"))
    )
    # 3 queries: participants, satisfaction and gain per program.
    per_program = {}
    for r in (
        Enrollment.objects.filter(session__in=sessions, status=Enrollment.Status.COMPLETED)
        .filter(emp_q)
        .values("session__program_id")
        .order_by()
        .annotate(n=Count("id"))
    ):
        per_program.setdefault(r["session__program_id"], {})["participants"] = r["n"]
    for r in (
        scored.values("response__session__program_id")
        .order_by()
        .annotate(mean=Avg("value"), responses=Count("response", distinct=True), respondents=people)
    ):
        per_program.setdefault(r["response__session__program_id"], {}).update(
            mean=r["mean"], responses=r["responses"], respondents=r["respondents"]
        )
    for r in (
        tested.values("session__program_id")
        .order_by()
        .annotate(pre=Avg("pre__score"), post=Avg("post__score"), n=Count("id"))
    ):
        per_program.setdefault(r["session__program_id"], {})["gain"] = normalised_gain(r["pre"], r["post"])
    return {
        "participants": participants,
        "satisfaction": satisfaction,
        "dimensions": dimensions,
        "gains": gains,
        "by_category": by_category,
        "per_program": per_program,
        "refreshed_at": None,
    }


def _mean(total, count):
    return total / count if count else None


def kirkpatrick_summary(f: DashboardFilters) -> dict:
    """The same figures as `_kirkpatrick_live`, from the summary Celery keeps
    (EnrollmentFigure: one narrow row per enrolment), in single passes with
    FILTER clauses: 4 queries, plus 1 for the summary's time."""
    lo, hi = aware_bounds(f.start, f.end)
    rows = EnrollmentFigure.objects.filter(session_end__gte=lo, session_end__lt=hi)
    if f.program is not None:
        rows = rows.filter(program=f.program)
    if f.category:
        rows = rows.filter(category=f.category)
    if f.org_unit is not None:
        rows = rows.filter(org_unit=f.org_unit)
    done, answered = Q(completed=True), Q(a_all__gt=0)
    tested = Q(pre_score__isnull=False, post_score__isnull=False)
    figures = {
        "s": Sum("s_all", filter=answered),
        "n": Sum("n_all", filter=answered),
        "responses": Count("pk", filter=answered),
        "respondents": Count("employee", distinct=True, filter=answered),
        "pre": Avg("pre_score", filter=tested),
        "post": Avg("post_score", filter=tested),
        "tested": Count("pk", filter=tested),
    }
    # 1 query: the whole period: participants and each dimension.
    period = {"participants": Count("employee", distinct=True, filter=done)}
    for d in Dimension.values:
        has = Q(**{f"a_{d}__gt": 0})
        period |= {
            f"s_{d}": Sum(f"s_{d}", filter=has),
            f"n_{d}": Sum(f"n_{d}", filter=has),
            f"responses_{d}": Count("pk", filter=has),
            f"respondents_{d}": Count("employee", distinct=True, filter=has),
        }
    total = rows.aggregate(**period)
    dimensions = [
        {
            "question__dimension": d,
            "mean": _mean(total[f"s_{d}"], total[f"n_{d}"]),
            "responses": total[f"responses_{d}"],
            "respondents": total[f"respondents_{d}"],
        }
        for d in sorted(Dimension.values)
        if total[f"responses_{d}"]
    ]
    # 1 query: per month, satisfaction and learning gain.
    satisfaction, gains = [], []
    for r in rows.annotate(month=TruncMonth("session_end")).values("month").order_by("month").annotate(**figures):
        if r["responses"]:
            satisfaction.append(
                {"month": r["month"], "mean": _mean(r["s"], r["n"]), "responses": r["responses"],
                 "respondents": r["respondents"]}
            )  # fmt: skip
        if r["tested"]:
            gains.append({"month": r["month"], "gain": normalised_gain(r["pre"], r["post"]), "n": r["tested"]})
    # 1 query: participants per program category.
    by_category = [
        {"session__program__category": r["category"], "n": r["n"]}
        for r in rows.filter(done).values("category").order_by("category").annotate(n=Count("pk"))
    ]
    # 1 query: per program, participants, satisfaction and gain.
    per_program = {}
    for r in rows.values("program_id").order_by().annotate(participants=Count("pk", filter=done), **figures):
        row = per_program[r["program_id"]] = {}
        if r["participants"]:
            row["participants"] = r["participants"]
        if r["responses"]:
            row.update(mean=_mean(r["s"], r["n"]), responses=r["responses"], respondents=r["respondents"])
        if r["tested"]:
            row["gain"] = normalised_gain(r["pre"], r["post"])
    # 1 query: as of when.
    refreshed_at = (
        SummaryBuild.objects.filter(name=SummaryBuild.DASHBOARD).values_list("refreshed_at", flat=True).first()
    )
    return {
        "participants": total["participants"],
        "satisfaction": satisfaction,
        "dimensions": dimensions,
        "gains": gains,
        "by_category": by_category,
        "per_program": per_program,
        "refreshed_at": refreshed_at,
    }


def default_period(*, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period the dashboard opens with: this year so far (end exclusive)."""
    return today.replace(month=1, day=1), today + datetime.timedelta(days=1)


def snapshot_encode(figures: dict) -> dict:
    """`kirkpatrick_summary`'s figures as JSON (months as ISO strings)."""

    def months(rows):
        return [{**r, "month": r["month"].isoformat()} for r in rows]

    return {
        **figures,
        "satisfaction": months(figures["satisfaction"]),
        "gains": months(figures["gains"]),
        "per_program": {str(k): v for k, v in figures["per_program"].items()},
        "refreshed_at": None,
    }


def _snapshot(f: DashboardFilters) -> dict | None:
    """The figures of the default view from DashboardSnapshot (1 query), or None."""
    if f.org_unit is not None or f.program is not None or f.category:
        return None
    if (f.start, f.end) != default_period(today=timezone.localdate()):
        return None
    row = DashboardSnapshot.objects.filter(period_start=f.start, period_end=f.end).first()
    if row is None:
        return None

    def months(rows):
        return [{**r, "month": datetime.datetime.fromisoformat(r["month"])} for r in rows]

    figures = row.figures
    return {
        **figures,
        "satisfaction": months(figures["satisfaction"]),
        "gains": months(figures["gains"]),
        "per_program": {int(k): v for k, v in figures["per_program"].items()},
        "refreshed_at": row.refreshed_at,
    }


def dashboard_data(*, filters: DashboardFilters, live: bool = False) -> dict:
    """The dashboard's figures. Levels 1 and 2 and the participants come from
    the summary Celery keeps (`refreshed_at` says as of when); `live=True`
    computes them from the source tables instead (the tests' reference)."""
    f = filters
    sessions = _sessions(f)

    # 1 query: trainings held.
    trainings = sessions.count()
    # 1 query: JP share (from its own summary).
    jp = jp_share(f)
    # Participants, levels 1 and 2, categories, per program: 8 queries live; from
    # the summary 5, or 1 for the default view (its snapshot, when it is there).
    k = _kirkpatrick_live(f, sessions) if live else (_snapshot(f) or kirkpatrick_summary(f))
    # Months under the anonymity threshold are hidden.
    satisfaction = [
        {
            "month": r["month"],
            "mean": r["mean"] if rules.group_is_shown(respondents=r["respondents"]) else None,
            "responses": r["responses"],
            "respondents": r["respondents"],
        }
        for r in k["satisfaction"]
    ]
    dimensions = [d for d in k["dimensions"] if rules.group_is_shown(respondents=d["respondents"])]
    gains = k["gains"]
    # 1 query: the program table's sessions per program; the other columns from above.
    programs = {
        r["program_id"]: {"id": r["program_id"], "title": r["program__title"], "code": r["program__code"],
                          "sessions": r["n"], "participants": 0, "satisfaction": None, "responses": 0, "respondents": 0,
                          "gain": None, "report_id": None}
        for r in sessions.values("program_id", "program__title", "program__code").order_by().annotate(n=Count("id"))
    }  # fmt: skip
    for program_id, figures in k["per_program"].items():
        row = programs.get(program_id)
        if row is None:  # a summary row of a program since moved out of the filter: none of its figures
            continue
        row["participants"] = figures.get("participants", 0)
        if "responses" in figures:
            row["responses"] = figures["responses"]
            row["respondents"] = figures["respondents"]
            row["satisfaction"] = figures["mean"] if rules.group_is_shown(respondents=figures["respondents"]) else None
        row["gain"] = figures.get("gain")
    program_rows = sorted(programs.values(), key=lambda r: (-r["participants"], r["title"]))[:50]
    participants = k["participants"]
    by_category = k["by_category"]

    # 1 query: top problems = findings of the current reports of the period.
    findings = Finding.objects.filter(
        run__report__current_run=Subquery(
            RevisionReport.objects.filter(pk=OuterRef("run__report")).values("current_run")[:1]
        ),
        run__report__period_start__gte=f.start,
        run__report__period_start__lt=f.end,
    )
    if f.program is not None:
        findings = findings.filter(program=f.program)
    if f.category:
        findings = findings.filter(program__category=f.category)
    problems = list(
        findings.values("rule")
        .order_by()
        .annotate(n=Count("id"), open=Count("id", filter=Q(decision="open")))
        .order_by("-n", "rule")[:6]
    )
    # 1 query: reports of the period, for drill-down; with a program chosen, only
    # the reports that cover it (a report without the program shows nothing of it).
    reports = RevisionReport.objects.filter(
        period_start__gte=f.start, period_start__lt=f.end, current_run__isnull=False
    )
    if f.program is not None:
        reports = reports.filter(current_run__rows__program=f.program, current_run__rows__session__isnull=True)
    reports = list(reports.order_by("-period_start", "period_kind")[:12])
    # 1 query: each program row's drill-down, the latest report of the period covering it.
    if program_rows:
        covering = (
            ReportRow.objects.filter(
                session__isnull=True,
                program_id__in=[p["id"] for p in program_rows],
                run__report__current_run=F("run"),
                run__report__period_start__gte=f.start,
                run__report__period_start__lt=f.end,
            )
            .order_by("program_id", "-run__report__period_start", "run__report__period_kind")
            .values_list("program_id", "run__report_id")
        )
        latest = {}
        for program_id, report_id in covering:  # a few rows per program (its reports of the period)
            latest.setdefault(program_id, report_id)
        for row in program_rows:
            row["report_id"] = latest.get(row["id"])
    # IKM per unit (feedback app): 1 query when present.
    ikm = _ikm_by_unit(f)
    return {
        "kpis": {
            "trainings": trainings,
            "participants": participants,
            "jp": jp,
            "satisfaction": _weighted([d for d in satisfaction if d["mean"] is not None], "mean", "responses"),
            "gain": _weighted([g for g in gains if g["gain"] is not None], "gain", "n"),
        },
        "satisfaction_trend": satisfaction,
        "dimensions": dimensions,
        "gain_trend": gains,
        "by_category": by_category,
        "programs": program_rows,
        "problems": problems,
        "reports": reports,
        "ikm": ikm,
        "refreshed_at": k["refreshed_at"],
    }


def _weighted(rows, value_key, weight_key):
    """Weighted mean of already aggregated monthly figures (a handful of rows)."""
    weight = sum(r[weight_key] for r in rows)
    if not weight:
        return None
    return sum(float(r[value_key]) * r[weight_key] for r in rows) / weight


def category_choices():
    return Program.Category.choices


def program_choices():
    return Program.objects.exclude(status=Program.Status.ARCHIVED).order_by("title").only("pk", "title", "code")


def orgunit_choices():
    OrgUnit = apps.get_model("accounts", "OrgUnit")
    return OrgUnit.objects.filter(is_active=True).order_by("name").only("pk", "name", "short_name")
