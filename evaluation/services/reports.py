"""Program-revision reports: request a run, execute it, decide on findings.

Atomicity: a run gathers its figures first (read-only queries, with progress
written to the run row), then writes every row and finding and swaps itself in
as the report's current run inside ONE transaction. A worker that dies before
that transaction commits leaves the report as it was.

Leases (DESIGN: a dead worker's job is picked up within minutes): a worker
claims a run (status running, attempt + 1) and a heartbeat thread renews
`heartbeat_at` every quarter of EVALUATION_REPORT_LEASE_SECONDS while it works.
A run whose lease expired (queued or running, heartbeat older than the lease)
is queued again, through the outbox, by the next request for its report or by
the beat job `evaluation.recover_report_runs` (every minute); after
EVALUATION_REPORT_MAX_ATTEMPTS it is marked failed. Only the attempt that holds
the lease may write progress or swap the report in, so a late duplicate (the
broker's redelivery of the dead worker's message after its visibility timeout)
changes nothing and exactly one complete report results.
"""

import contextvars
import datetime
import json
import logging
import threading
import time
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_competency.common import outbox
from asn_competency.common.errors import ApplicationError, ConflictError, ValidationError
from asn_competency.common.replica import run_on_replica

from .. import rules
from ..models import Finding, ReportRow, ReportRun, RevisionReport
from ..selectors import aggregation
from ..selectors.periods import period_bounds

logger = logging.getLogger(__name__)
Status = ReportRun.Status


class LeaseLostError(Exception):
    """Another attempt took this run over (ours was presumed dead); stop quietly."""


def _lease_expired_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.EVALUATION_REPORT_LEASE_SECONDS)


def _lease_expired() -> Q:
    # No heartbeat at all: a run recorded before leases existed, treated as expired.
    return Q(heartbeat_at__lt=_lease_expired_before()) | Q(heartbeat_at__isnull=True)


def _requeue(run: ReportRun) -> ReportRun | None:
    """Queue an abandoned run again (or fail it after too many attempts). Caller
    holds the report's row lock."""
    from ..tasks import generate_report

    if run.attempt >= settings.EVALUATION_REPORT_MAX_ATTEMPTS:
        ReportRun.objects.filter(pk=run.pk).update(
            status=Status.FAILED, message=_("Stopped: the worker did not finish."), finished_at=timezone.now()
        )
        logger.warning("report run %s failed after %s attempts", run.pk, run.attempt)
        return None
    ReportRun.objects.filter(pk=run.pk).update(
        status=Status.QUEUED, heartbeat_at=timezone.now(), message=_("Restarting: the worker stopped.")
    )
    logger.warning("report run %s: lease expired (attempt %s), queued again", run.pk, run.attempt)
    outbox.enqueue(generate_report, run.pk)
    run.refresh_from_db()
    return run


def report_runs_recover() -> list[int]:
    """Beat: queue again every run whose lease expired (its worker died). Returns the run ids."""
    recovered = []
    stale = (
        ReportRun.objects.filter(_lease_expired(), status__in=[Status.QUEUED, Status.RUNNING])
        .order_by()
        .values_list("report_id", flat=True)
        .distinct()
    )
    for report_id in stale:
        with transaction.atomic():
            RevisionReport.objects.select_for_update().get(pk=report_id)
            for run in ReportRun.objects.filter(
                _lease_expired(), report_id=report_id, status__in=[Status.QUEUED, Status.RUNNING]
            ):
                if _requeue(run) is not None:
                    recovered.append(run.pk)
    return recovered


def _period(period_kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    if period_kind not in RevisionReport.Period.values:
        raise ValidationError({"period": _("Choose month, quarter or year.")})
    return period_bounds(kind=period_kind, day=day)


def report_get_or_create(*, period_kind: str, day: datetime.date) -> RevisionReport:
    start, end = _period(period_kind, day)
    try:
        with transaction.atomic():
            report, _created = RevisionReport.objects.get_or_create(
                period_kind=period_kind, period_start=start, defaults={"period_end": end}
            )
    except IntegrityError:  # created concurrently: the unique period constraint held
        report = RevisionReport.objects.get(period_kind=period_kind, period_start=start)
    return report


@transaction.atomic
def report_request(*, period_kind: str, day: datetime.date, actor=None, enqueue: bool = True) -> ReportRun:
    """Queue a (re)computation of the report of the period containing `day`.

    While a run of that report is queued or running, it is returned instead of
    starting a second one; if its lease expired (a dead worker), it is queued
    again first."""
    if day > timezone.localdate():
        raise ValidationError({"day": _("The period cannot be in the future.")})
    start, _end = _period(period_kind, day)
    # The report of the period, locked: usually it exists (one query); else created first.
    try:
        report = RevisionReport.objects.select_for_update().get(period_kind=period_kind, period_start=start)
    except RevisionReport.DoesNotExist:
        report = report_get_or_create(period_kind=period_kind, day=day)
        report = RevisionReport.objects.select_for_update().get(pk=report.pk)
    for active in report.runs.filter(status__in=[Status.QUEUED, Status.RUNNING]):
        if active.heartbeat_at is not None and active.heartbeat_at >= _lease_expired_before():
            return active
        active = _requeue(active)
        if active is not None:
            return active
    run = ReportRun.objects.create(
        report=report,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        message=_("Waiting for a worker…"),
        heartbeat_at=timezone.now(),
    )
    if enqueue:
        from ..tasks import generate_report

        outbox.enqueue(generate_report, run.pk)
    return run


def _progress(run: ReportRun, percent: int, message: str, **fields) -> None:
    # Autocommit: visible to the browser immediately. Only the attempt holding the
    # lease writes; a run taken over by another attempt stops here.
    updated = ReportRun.objects.filter(pk=run.pk, attempt=run.attempt, status=Status.RUNNING).update(
        percent=percent, message=message[:255], heartbeat_at=timezone.now(), **fields
    )
    if not updated:
        raise LeaseLostError(run.pk)


class _Progress:
    """The run's progress as the browser sees it, written at most every
    EVALUATION_REPORT_PROGRESS_SECONDS (each write is a committed UPDATE: a fixed
    cost a small report cannot hide); a step reached sooner is skipped, the next
    one shows. The claim wrote the first step. The lease is still checked when
    the report is saved, and the heartbeat renews it meanwhile."""

    def __init__(self, run: ReportRun):
        self.run = run
        self.interval = settings.EVALUATION_REPORT_PROGRESS_SECONDS
        self._written = time.monotonic()  # the claim's write

    def __call__(self, percent: int, message: str, *, always: bool = False) -> None:
        now = time.monotonic()
        if not always and now - self._written < self.interval:
            return
        _progress(self.run, percent, message)
        self._written = now


class _Heartbeat:
    """Renews the run's lease from a thread while the worker computes (a single
    slow query must not look like a dead worker); stops when the work ends."""

    def __init__(self, run: ReportRun):
        self.run = run
        self.interval = max(settings.EVALUATION_REPORT_LEASE_SECONDS / 4, 0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"report-run-{run.pk}-heartbeat", daemon=True)

    def _beat(self):
        try:
            while not self._stop.wait(self.interval):
                alive = ReportRun.objects.filter(
                    pk=self.run.pk, attempt=self.run.attempt, status=Status.RUNNING
                ).update(heartbeat_at=timezone.now())
                if not alive:
                    return
        finally:
            connection.close()  # this thread's own database connection

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=10)


def _claim(run_id: int) -> ReportRun | None:
    """Take the run for this worker: queued, or running with an expired lease (its
    worker died). None when it is done, failed, or alive in another worker."""
    claimable = Q(status=Status.QUEUED) | (Q(status=Status.RUNNING) & _lease_expired())
    claimed = ReportRun.objects.filter(claimable, pk=run_id).update(
        status=Status.RUNNING,
        attempt=F("attempt") + 1,
        heartbeat_at=timezone.now(),
        started_at=timezone.now(),
        # The first step, in the same write.
        percent=5,
        message=_("Finding the sessions of the period…"),
    )
    if not claimed:
        return None
    return ReportRun.objects.select_related("report").get(pk=run_id)


def _hidden_by_difference(groups: dict, sessions: dict) -> set[int]:
    """Programs whose session rows must all be hidden: when a small session is
    hidden but the program total is shown, the visible sessions subtracted from
    the total would reveal the small group's answers (complementary suppression).
    Groups are sized in respondents (people), like every anonymity decision."""
    k = rules.min_group_size()
    hidden = {}
    for (level, gid), fig in groups.items():
        respondents = fig.get("respondents") or 0
        if level == "session" and respondents and not rules.group_is_shown(respondents=respondents, k=k):
            hidden[sessions[gid]] = hidden.get(sessions[gid], 0) + respondents
    return {pid for pid, n in hidden.items() if not rules.group_is_shown(respondents=n, k=k)}


def _rows_for(run: ReportRun, groups: dict, sessions: dict, program_extra: dict) -> list[dict]:
    """The report's rows as column values ({attname: value}, for _insert): plain
    dicts, no model instances (a city's report has a thousand rows)."""
    protect = _hidden_by_difference(groups, sessions)
    k = rules.min_group_size()
    rows = []
    for (level, gid), fig in groups.items():
        if level == "program":
            fig = {**fig, **program_extra.get(gid, {})}
        get = fig.get
        responses = get("responses") or 0
        invited = get("invited") or 0
        respondents = get("respondents") or 0
        suppressed = not rules.group_is_shown(respondents=respondents, k=k) or (
            level == "session" and sessions[gid] in protect
        )
        extra = {
            "steps": get("steps", [])[:20],
            "dimension_n": {} if suppressed else get("dimension_n", {}),
            "respondents": respondents,
        }
        if get("meeting_outcome_titles"):
            extra["meeting_outcome_titles"] = fig["meeting_outcome_titles"]
        rows.append(
            {
                "run_id": run.pk,
                "program_id": gid if level == "program" else sessions[gid],
                "session_id": gid if level == "session" else None,
                "sessions": get("sessions", 1 if level == "session" else 0),
                "participants": get("participants") or 0,
                "invited": invited,
                "responses": responses,
                "response_rate": (responses / invited) if invited else None,
                # Anonymity: a group smaller than the minimum shows counts only.
                "dimension_means": {} if suppressed else get("dimension_means", {}),
                "distributions": {} if suppressed else get("distributions", {}),
                "satisfaction": None if suppressed else get("satisfaction"),
                "suppressed": suppressed,
                "pre_mean": get("pre_mean"),
                "post_mean": get("post_mean"),
                "gain": get("gain"),
                "gain_n": get("gain_n") or 0,
                "follow_up_mean": get("follow_up_mean"),
                "action_plan_mean": get("action_plan_mean"),
                "follow_up_n": get("follow_up_n") or 0,
                "stuck_reports": get("stuck_reports") or 0,
                "citizen_feedback": get("citizen_feedback") or 0,
                "citizen_complaints": get("citizen_complaints") or 0,
                "forum_topics": get("forum_topics") or 0,
                "meeting_outcomes": get("meeting_outcomes") or 0,
                "extra": extra,
            }
        )
    return rows


def report_run_execute(*, run_id: int) -> ReportRun:
    """Compute a run and swap it in as the report of its period. Idempotent: a
    finished run, or one alive in another worker, is returned unchanged; a run
    whose worker died starts over (its rows were never committed)."""
    run = _claim(run_id)
    if run is None:
        return ReportRun.objects.get(pk=run_id)
    try:
        with _Heartbeat(run):
            _compute(run)
    except LeaseLostError:
        logger.warning("report run %s: attempt %s lost its lease; another attempt finishes it", run.pk, run.attempt)
    run.refresh_from_db()
    return run


# The other apps' figures of the programs (functions of selectors.aggregation).
PROGRAM_SOURCES = ("stuck_figures", "citizen_figures", "forum_figures", "meeting_figures")


class _Background:
    """Named read-only computations of a run, made on a thread of their own (its
    own database connection, closed at the end) while the caller computes
    something else. Only when `worth_it` and in autocommit on PostgreSQL, as a
    worker runs: inside a transaction (a caller's, or a test's) another
    connection could not see uncommitted rows, so they are then computed in
    line when asked for."""

    def __init__(self, *, worth_it: bool = True, **work):
        self._work = work
        self._out: dict | None = None
        self._error: BaseException | None = None
        self._thread = None
        if not worth_it or connection.in_atomic_block or connection.vendor != "postgresql":
            return
        # In the caller's context: reads asked for the replica (replica_reads) go there too.
        context = contextvars.copy_context()
        self._thread = threading.Thread(target=context.run, args=(self._run,), name="report-background", daemon=True)
        self._thread.start()

    def _compute(self) -> dict:
        return {name: fn() for name, fn in self._work.items()}

    def _run(self):
        try:
            self._out = self._compute()
        except BaseException as exc:  # noqa: BLE001  (re-raised in the caller's thread by results())
            self._error = exc
        finally:
            for conn in connections.all(initialized_only=True):
                conn.close()  # this thread's own database connections (primary, replica)

    def results(self) -> dict:
        if self._thread is None:
            return self._compute()
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._out


def _gather(run: ReportRun, progress: _Progress) -> tuple[dict, dict, dict, list[dict]]:
    """Every figure of the run and its findings, read-only (run through
    run_on_replica: on the read replica when one is configured; the progress
    writes go to the primary, as every write). Returns the sessions
    ({session id: program id}), the groups' figures, the programs' figures from
    the other apps and the findings (unsaved)."""
    report = run.report
    start, end = report.period_start, report.period_end
    sessions = dict(aggregation.sessions_in_period(start=start, end=end).values_list("pk", "program_id"))
    session_ids = list(sessions)
    session_counts = {}
    for pid in sessions.values():
        session_counts[pid] = session_counts.get(pid, 0) + 1
    groups = {("session", sid): {} for sid in session_ids}
    groups.update({("program", pid): {"sessions": n} for pid, n in session_counts.items()})
    program_ids = sorted(session_counts)

    # Everything but the survey figures (pre/post tests, follow-ups, and the
    # other apps' figures of the programs: stuck reports, citizen feedback,
    # forum input, consultation outcomes) is gathered on a second connection
    # while this one makes the pass over the survey answers.
    background = _Background(
        # A second connection costs its setup: worth it for a big period only.
        worth_it=len(session_ids) >= settings.EVALUATION_REPORT_PARALLEL_MIN_SESSIONS,
        learning=lambda: aggregation.learning_figures(sessions=session_ids),
        follow_ups=lambda: aggregation.follow_up_figures(sessions=session_ids),
        **{
            name: partial(getattr(aggregation, name), program_ids=program_ids, start=start, end=end)
            for name in PROGRAM_SOURCES
        },
    )
    progress(15, _("Survey responses (level 1)…"))
    # The sessions' programs are known: survey_figures need not read them again.
    for group, fig in aggregation.survey_figures(sessions=session_ids, program_of=sessions).items():
        groups.setdefault(group, {}).update(fig)
    progress(35, _("Pre- and post-tests (level 2)…"))
    results = background.results()
    for group, fig in results["learning"].items():
        groups.setdefault(group, {}).update(fig)
    progress(50, _("Supervisor follow-ups (level 3)…"))
    for group, fig in results["follow_ups"].items():
        groups.setdefault(group, {}).update(fig)

    progress(60, _("Stuck reports, citizen feedback, forum input and consultation outcomes…"))
    program_extra = {pid: {} for pid in program_ids}
    for name in PROGRAM_SOURCES:
        for pid, fig in results[name].items():
            program_extra.setdefault(pid, {}).update(fig)

    progress(80, _("Applying the revision rules…"))
    findings = []
    for pid in program_ids:
        figures = {**groups.get(("program", pid), {}), **program_extra.get(pid, {})}
        for rule, subject, evidence in rules.evaluate(figures):
            findings.append(
                {"run_id": run.pk, "program_id": pid, "rule": rule, "subject": subject, "evidence": evidence}
            )
    return sessions, groups, program_extra, findings


def _compute(run: ReportRun) -> None:
    report = run.report
    progress = _Progress(run)  # the claim wrote the first step ("Finding the sessions…")
    try:
        sessions, groups, program_extra, findings = run_on_replica(_gather, run, progress)

        # Always shown: saving may wait for the report's lock (another attempt saving).
        progress(90, _("Saving the report…"), always=True)
        with transaction.atomic():
            _commit_without_waiting_for_the_disk()
            locked = RevisionReport.objects.select_for_update().get(pk=report.pk)
            # While this worker waited for the lock, another attempt may have taken
            # over: the lease is checked by the write that marks the run done
            # (others see it at the commit only, with the rows).
            done = ReportRun.objects.filter(pk=run.pk, attempt=run.attempt, status=Status.RUNNING).update(
                status=Status.DONE, percent=100, message=_("Report ready."), finished_at=timezone.now()
            )
            if not done:
                raise LeaseLostError(run.pk)
            _carry_decisions(findings, previous_run_id=locked.current_run_id)
            # The swap first: the run it replaces is no longer referenced when it goes.
            locked.current_run = run
            locked.generated_at = timezone.now()
            locked.save(update_fields=["current_run", "generated_at", "updated_at"])
            _delete_runs(locked, keep=run)
            _insert(ReportRow, _rows_for(run, groups, sessions, program_extra))
            _insert(Finding, findings)
    except LeaseLostError:
        raise
    except Exception as exc:
        logger.exception("report run %s failed", run.pk)
        _progress(run, 100, _("The report could not be generated: %(error)s") % {"error": type(exc).__name__},
                  status=Status.FAILED, finished_at=timezone.now())  # fmt: skip
        raise


def _commit_without_waiting_for_the_disk() -> None:
    """The save's commit does not wait for its WAL to reach the disk (PostgreSQL's
    synchronous_commit off, for this transaction only): on a busy host that wait is
    a good part of a small report's time. Should the database crash in that
    fraction of a second, the whole save is lost as one (the previous report stays
    current, the run stays RUNNING) and the run is done again when its lease
    expires: nothing half-written, nothing lost that cannot be recomputed."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


def _delete_runs(report: RevisionReport, *, keep: ReportRun) -> None:
    """Before a run's rows are written: the report's other finished runs (the one
    it replaces among them) go, and any row or finding of `keep` itself (a
    leftover of a dead attempt: never committed normally, but be strict). Caller
    holds the report's lock. On PostgreSQL one statement (the rows, findings
    and runs in data-modifying CTEs; the foreign keys are checked at the commit,
    when all three are gone); elsewhere through the ORM."""
    active = [Status.QUEUED, Status.RUNNING]
    if connection.vendor != "postgresql":
        keep.rows.all().delete()
        keep.findings.all().delete()
        report.runs.exclude(pk=keep.pk).exclude(status__in=active).delete()
        return
    tables = {"run": ReportRun._meta.db_table, "row": ReportRow._meta.db_table, "finding": Finding._meta.db_table}
    # Table names come from the models' _meta; every value is a parameter.
    sql = """
        WITH old AS (
            SELECT id FROM {run} WHERE report_id = %s AND id <> %s AND status NOT IN (%s, %s)
        ),
        runs AS (SELECT id FROM old UNION ALL SELECT %s),
        gone_rows AS (DELETE FROM {row} WHERE run_id IN (SELECT id FROM runs)),
        gone_findings AS (DELETE FROM {finding} WHERE run_id IN (SELECT id FROM runs))
        DELETE FROM {run} WHERE id IN (SELECT id FROM old)
    """.format(**tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [report.pk, keep.pk, *active, keep.pk])


def _json_value(value):
    # A float column given a Decimal (an AVG) stores float(value), as bulk_create would.
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _insert(model, rows: list[dict]) -> None:
    """New rows of `model` in one INSERT, from their column values ({attname:
    value}; a column not given takes the field's default). On PostgreSQL the rows
    travel as one JSON parameter (jsonb_to_recordset), not one parameter per
    column and row: at city scale (a thousand report rows of 26 columns) quoting
    each value in Python cost more than the INSERT; and no model instance is
    built. Floats are written by their shortest exact representation, so the
    figures stored are the same as bulk_create's."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = any(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) for f in fields)
    if connection.vendor != "postgresql" or stamped:  # stamped: bulk_create fills them (pre_save)
        model.objects.bulk_create([model(**row) for row in rows])
        return
    given = set(rows[0])
    for row in rows:
        given &= row.keys()
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in given}
    if defaults:
        rows = [{**defaults, **row} for row in rows]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    record = ", ".join(f"{quote(f.column)} {f.db_type(connection)}" for f in fields)
    names = {f.attname: f.column for f in fields}
    if any(attname != column for attname, column in names.items()):
        rows = [{names[k]: v for k, v in row.items()} for row in rows]
    payload = json.dumps(rows, allow_nan=False, default=_json_value)
    with connection.cursor() as cursor:
        # Table and column names come from the model's _meta; the rows are one parameter.
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
            f"SELECT {columns} FROM jsonb_to_recordset(%s::jsonb) AS x({record})",
            [payload],
        )


# A finding's decision, carried over to the same finding of a rerun.
_DECISION = ("decision", "decided_by_id", "decided_at", "decision_note", "revision_id")


def _carry_decisions(findings: list[dict], *, previous_run_id: int | None) -> None:
    """HR's decisions on the same finding (program, rule, subject) survive a rerun."""
    if previous_run_id is None:
        return
    previous = {
        (row["program_id"], row["rule"], row["subject"]): row
        for row in Finding.objects.filter(run_id=previous_run_id)
        .exclude(decision=Finding.Decision.OPEN)
        .values("program_id", "rule", "subject", *_DECISION)
    }
    if not previous:
        return
    for finding in findings:
        old = previous.get((finding["program_id"], finding["rule"], finding["subject"]))
        if old is not None:
            finding.update({name: old[name] for name in _DECISION})


@transaction.atomic
def finding_decide(*, finding: Finding, actor, accept: bool, note: str = "") -> Finding:
    """HR accepts or rejects a recommendation. Accepting opens a revision of the
    program (revision number up, change log entry) through the training app."""
    finding = Finding.objects.select_for_update().select_related("program", "run__report").get(pk=finding.pk)
    if finding.decision != Finding.Decision.OPEN:
        raise ConflictError(_("This recommendation has already been decided."), code="already_decided")
    if finding.run.report.current_run_id != finding.run_id:
        raise ApplicationError(_("This report has been regenerated; open the current report."), code="stale_report")
    note = (note or "").strip()[:2000]
    if not accept and not note:
        raise ValidationError({"note": _("Say briefly why the recommendation is rejected.")})
    if accept:
        from training.services import program_revise

        report = finding.run.report
        details = "\n".join(
            part
            for part in (
                rules.describe(finding),
                _("Report: %(report)s.") % {"report": str(report)},
                note,
            )
            if part
        )
        finding.revision = program_revise(
            program=finding.program, actor=actor, summary=rules.recommendation(finding)[:255], details=details
        )
    finding.decision = Finding.Decision.ACCEPTED if accept else Finding.Decision.REJECTED
    finding.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    finding.decided_at = timezone.now()
    finding.decision_note = note
    finding.save(update_fields=["decision", "decided_by", "decided_at", "decision_note", "revision"])
    return finding


def reports_request_previous_periods(*, today: datetime.date | None = None) -> list[int]:
    """Beat job: the report of the month just ended, and of the quarter and the
    year when they just ended. Returns the run ids."""
    from ..selectors.periods import previous_period

    today = today or timezone.localdate()
    kinds = [RevisionReport.Period.MONTH]
    if today.month in (1, 4, 7, 10):
        kinds.append(RevisionReport.Period.QUARTER)
    if today.month == 1:
        kinds.append(RevisionReport.Period.YEAR)
    runs = []
    for kind in kinds:
        start, _end = previous_period(kind=kind, today=today)
        runs.append(report_request(period_kind=kind, day=start).pk)
    return runs
