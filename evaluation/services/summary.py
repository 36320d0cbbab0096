"""The dashboard's summary (evaluation.models.EnrollmentFigure): one row per
enrolment of a session that is not cancelled, rebuilt from the source tables
(enrolments, survey answers, pre/post tests) by one `INSERT ... SELECT ...
GROUP BY` inside one transaction (readers see the old rows until it commits).

Maintained by Celery: the beat job `evaluation.summary_refresh` rebuilds it every
ten minutes, with the figures of the dashboard's default view (DashboardSnapshot),
and the dashboard says as of when (SummaryBuild.DASHBOARD). Refreshes are serialised by a
transaction-level advisory lock on PostgreSQL (SQLite serialises writers).
"""

import datetime

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Employee
from training.models import Enrollment, Program, Session

from ..models import (
    Answer,
    DashboardSnapshot,
    Dimension,
    EnrollmentFigure,
    Question,
    Response,
    SummaryBuild,
    TestAttempt,
)
from ..selectors.dashboard import DashboardFilters, default_period, kirkpatrick_summary, snapshot_encode

LOCK_KEY = 7_301_014  # pg_advisory_xact_lock key of this summary


def _answer_columns() -> tuple[list[str], str]:
    """The a_/n_/s_ columns and their aggregates over the scored answers `an` of questions `q`."""
    columns, aggregates = [], []
    for key in ["all", *Dimension.values]:
        match = "1 = 1" if key == "all" else f"q.dimension = '{key}'"
        columns += [f"a_{key}", f"n_{key}", f"s_{key}"]
        aggregates += [
            f"SUM(CASE WHEN {match} THEN 1 ELSE 0 END)",
            f"SUM(CASE WHEN {match} AND an.value IS NOT NULL THEN 1 ELSE 0 END)",
            f"SUM(CASE WHEN {match} THEN COALESCE(an.value, 0) ELSE 0 END)",
        ]
    select = ", ".join(f"{agg} AS {col}" for agg, col in zip(aggregates, columns, strict=True))
    return columns, select


def evaluation_summary_refresh(*, since: datetime.datetime | None = None) -> int:
    """Rebuild the dashboard's summary: every enrolment, or (`since`) only those
    of sessions ending at or after it (where surveys, tests and completions still
    arrive); returns the number of enrolment rows written."""
    qn = connection.ops.quote_name
    now = timezone.now()
    columns, answer_select = _answer_columns()
    scored = ", ".join(f"'{kind}'" for kind in Question.SCORED_KINDS)  # the model's constants, not input
    figure = EnrollmentFigure._meta.db_table
    ids: list[int] = []
    if since is not None:
        # The sessions ending since then, and those whose rows say so (a session moved earlier).
        ids = sorted(
            set(Session.objects.filter(end__gte=since).values_list("pk", flat=True))
            | set(EnrollmentFigure.objects.filter(session_end__gte=since).values_list("session_id", flat=True))
        )
        if not ids:
            return 0
    in_ids = f"IN ({', '.join(['%s'] * len(ids))})"
    recent_responses = f" AND r.session_id {in_ids}" if since is not None else ""
    recent_sessions = f" AND s.id {in_ids}" if since is not None else ""
    sql = f"""
        INSERT INTO {figure} (enrollment_id, session_id, program_id, category, session_end, employee_id,
                              org_unit_id, completed, pre_score, post_score, {", ".join(columns)})
        SELECT en.id, s.id, s.program_id, p.category, s.{qn("end")}, en.employee_id, e.org_unit_id,
               CASE WHEN en.status = %s THEN 1 = 1 ELSE 1 = 0 END, pre.score, post.score,
               {", ".join(f"COALESCE(a.{c}, 0)" for c in columns)}
        FROM {Enrollment._meta.db_table} en
        JOIN {Session._meta.db_table} s ON s.id = en.session_id
        JOIN {Program._meta.db_table} p ON p.id = s.program_id
        JOIN {Employee._meta.db_table} e ON e.id = en.employee_id
        LEFT JOIN (
            SELECT r.enrollment_id, {answer_select}
            FROM {Answer._meta.db_table} an
            JOIN {Response._meta.db_table} r ON r.id = an.response_id
            JOIN {Question._meta.db_table} q ON q.id = an.question_id
            WHERE q.kind IN ({scored}){recent_responses}
            GROUP BY r.enrollment_id
        ) a ON a.enrollment_id = en.id
        LEFT JOIN {TestAttempt._meta.db_table} pre ON pre.enrollment_id = en.id AND pre.kind = %s
        LEFT JOIN {TestAttempt._meta.db_table} post ON post.enrollment_id = en.id AND post.kind = %s
        WHERE s.status <> %s{recent_sessions}
    """  # noqa: S608 - table and column names from the models; every value is a parameter
    params = [Enrollment.Status.COMPLETED, *ids, TestAttempt.Kind.PRE, TestAttempt.Kind.POST]
    params += [Session.Status.CANCELLED, *ids]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        if since is None:
            cursor.execute(f"DELETE FROM {figure}")  # noqa: S608
        else:
            cursor.execute(f"DELETE FROM {figure} WHERE session_id {in_ids}", ids)  # noqa: S608
        cursor.execute(sql, params)
        written = cursor.rowcount
        SummaryBuild.objects.update_or_create(name=SummaryBuild.DASHBOARD, defaults={"refreshed_at": now})
        # The default view's figures (this year so far, the whole city), from the rows just written.
        start, end = default_period(today=timezone.localdate())
        figures = snapshot_encode(kirkpatrick_summary(DashboardFilters(start=start, end=end)))
        DashboardSnapshot.objects.exclude(period_start=start, period_end=end).delete()
        DashboardSnapshot.objects.update_or_create(
            period_start=start, period_end=end, defaults={"figures": figures, "refreshed_at": now}
        )
    return written


def evaluation_summary_queue() -> None:
    """Queue a full rebuild (a page found the summary never built); at most one
    every ten minutes however many views ask (the cache's add is the guard)."""
    from asn_competency.common.outbox import enqueue

    from ..tasks import summary_refresh

    if cache.add("evaluation:summary-refresh-queued", 1, timeout=600):
        enqueue(summary_refresh)
