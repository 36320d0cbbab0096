"""Writes of the planning app: bulk enrolment jobs and assessed competency levels."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Competency, Employee, EmployeeCompetency, OrgUnit
from accounts.validators import parse_nip
from asn_competency.common.errors import ApplicationError
from asn_competency.common.outbox import enqueue
from training.models import Session
from training.services import enrollment_create

from .models import BulkEnrollmentJob, BulkEnrollmentRow
from .selectors import unit_ids_with_descendants
from .tables import LostDigits, cell, find_column, normalise_nip, read_table

logger = logging.getLogger(__name__)

Outcome = BulkEnrollmentRow.Outcome


def _check_session(session: Session) -> None:
    if session.status != Session.Status.SCHEDULED:
        raise ValidationError(
            {
                "session": _("This session is not open for enrolment (%(status)s).")
                % {"status": session.get_status_display()}
            }
        )
    if session.end <= timezone.now():
        raise ValidationError({"session": _("This session has already ended.")})


def _enqueue(job: BulkEnrollmentJob) -> None:
    from .tasks import bulk_enrollment_run_task

    enqueue(bulk_enrollment_run_task, job.pk)


def nip_rows_from_file(uploaded) -> list[tuple[int, str]]:
    """(line, NIP text) for every data row of an uploaded list. The NIP column is
    the one titled "NIP"; a list without a header row is read from its first column."""
    table = read_table(uploaded, max_rows=settings.PLANNING_BULK_MAX_ROWS, max_bytes=settings.PLANNING_UPLOAD_MAX_BYTES)
    column = find_column(table, "nip", "nip baru", "nomor induk pegawai")
    rows = table.rows
    if column is None:
        first = normalise_nip(cell(table.header_row[1], 0))
        if first.isdigit() or isinstance(cell(table.header_row[1], 0), LostDigits):
            column, rows = 0, [table.header_row, *table.rows]
        else:
            raise ValidationError(
                _('No "NIP" column was found. Put the NIPs in a column titled NIP (see the example file).'),
                code="no_nip_column",
            )
    result = [(line, cell(cells, column)) for line, cells in rows]
    if not result:
        raise ValidationError(_("The file has no rows under its header."), code="empty")
    return result


@transaction.atomic
def bulk_enrollment_from_file(*, session: Session, uploaded, actor) -> BulkEnrollmentJob:
    """Create a job from an uploaded CSV/XLSX list of NIPs and queue it."""
    _check_session(session)
    rows = nip_rows_from_file(uploaded)
    uploaded.seek(0)
    job = BulkEnrollmentJob(
        session=session,
        source=BulkEnrollmentJob.Source.FILE,
        filename=(uploaded.name or "")[:255],
        total=len(rows),
        created_by=actor,
    )
    job.file.save(uploaded.name or "list.csv", uploaded, save=False)
    job.full_clean()
    job.save()
    BulkEnrollmentRow.objects.bulk_create(
        [BulkEnrollmentRow(job=job, line=line, nip=str(value)[:60]) for line, value in rows], batch_size=1000
    )
    # Remember which cells lost digits in Excel: the text kept does not say so.
    lost = [line for line, value in rows if isinstance(value, LostDigits)]
    if lost:
        job.rows.filter(line__in=lost).update(
            outcome=Outcome.ERROR,
            code="nip_number",
            message=_(
                "The NIP is stored as a number in the spreadsheet and lost its last digits; "
                "format the NIP column as Text and type it again."
            ),
        )
        BulkEnrollmentJob.objects.filter(pk=job.pk).update(processed=len(lost))
    _enqueue(job)
    return job


def _job_with_members(*, members: list[tuple[int, str]], **fields) -> BulkEnrollmentJob:
    """Save a job over ``members`` ((employee pk, NIP) pairs, in order) with one
    row per member, and queue it after commit."""
    job = BulkEnrollmentJob(total=len(members), **fields)
    job.full_clean()
    job.save()
    BulkEnrollmentRow.objects.bulk_create(
        [BulkEnrollmentRow(job=job, line=i, nip=nip, employee_id=pk) for i, (pk, nip) in enumerate(members, start=1)],
        batch_size=1000,
    )
    _enqueue(job)
    return job


@transaction.atomic
def bulk_enrollment_from_unit(
    *, session: Session, org_unit: OrgUnit, include_subunits: bool, actor, employment_type: str = ""
) -> BulkEnrollmentJob:
    """Create a job enrolling every active ASN of a unit (and its sub-units)."""
    _check_session(session)
    unit_ids = unit_ids_with_descendants([org_unit.pk]) if include_subunits else [org_unit.pk]
    employees = Employee.objects.filter(org_unit_id__in=unit_ids, is_active=True)
    if employment_type:
        employees = employees.filter(employment_type=employment_type)
    members = list(employees.order_by("full_name", "pk").values_list("pk", "nip"))
    if not members:
        raise ValidationError({"org_unit": _("This unit has no active ASN to enrol.")})
    return _job_with_members(
        members=members,
        session=session,
        source=BulkEnrollmentJob.Source.ORG_UNIT,
        org_unit=org_unit,
        include_subunits=include_subunits,
        created_by=actor,
    )


@transaction.atomic
def bulk_enrollment_from_gap(
    *,
    session: Session,
    competency: Competency,
    actor,
    org_unit: OrgUnit | None = None,
    include_subunits: bool = True,
    employment_type: str = "",
) -> BulkEnrollmentJob:
    """Create a job enrolling the ASN who fall short in a competency (or are not
    assessed in it), within a unit and its sub-units or city-wide."""
    from .selectors import employees_with_gap

    _check_session(session)
    unit_ids = None
    if org_unit is not None:
        unit_ids = unit_ids_with_descendants([org_unit.pk]) if include_subunits else [org_unit.pk]
    members = list(
        employees_with_gap(competency=competency, unit_ids=unit_ids, employment_type=employment_type or None)
        .order_by("full_name", "pk")
        .values_list("pk", "nip")
    )
    if not members:
        raise ValidationError({"competency": _("Nobody falls short in this competency.")})
    return _job_with_members(
        members=members,
        session=session,
        source=BulkEnrollmentJob.Source.GAP,
        competency=competency,
        org_unit=org_unit,
        include_subunits=include_subunits,
        created_by=actor,
    )


@transaction.atomic
def bulk_enrollment_resume(*, job: BulkEnrollmentJob) -> BulkEnrollmentJob:
    """Queue a failed job again; it continues with the rows not processed yet."""
    updated = BulkEnrollmentJob.objects.filter(pk=job.pk, status=BulkEnrollmentJob.Status.FAILED).update(
        status=BulkEnrollmentJob.Status.QUEUED, error="", finished_at=None
    )
    if not updated:
        raise ApplicationError(_("Only a job that stopped with an error can be resumed."), code="not_failed")
    job.refresh_from_db()
    _enqueue(job)
    return job


def _resolve(row: BulkEnrollmentRow, by_nip: dict[str, Employee], seen: dict[str, int]):
    """The employee of a row, or (code, message) saying why there is none."""
    if row.employee_id:
        employee = row.employee
    else:
        nip = normalise_nip(row.nip)
        if not nip:
            return None, ("nip_missing", _("The NIP is empty."))
        try:
            parse_nip(nip)
        except ValidationError as exc:
            return None, ("nip_invalid", " ".join(exc.messages))
        employee = by_nip.get(nip)
        if employee is None:
            return None, ("nip_unknown", _("No ASN with NIP %(nip)s is registered.") % {"nip": nip})
    if employee.nip in seen:
        return None, ("duplicate", _("The same NIP is already on line %(line)d.") % {"line": seen[employee.nip]})
    seen[employee.nip] = row.line
    return employee, None


def _bulk_lease_expired_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.PLANNING_BULK_LEASE_SECONDS)


def bulk_enrollment_run(*, job_id: int) -> BulkEnrollmentJob:
    """Process every pending row of a job: one enrolment (own transaction) per row.

    Idempotent: rows already processed are skipped, so a retried or restarted
    task continues where it stopped and never enrols anyone twice.

    Lease: the job's `updated_at` moves with every row (the heartbeat). A worker
    claims a queued job, or a running one whose heartbeat is older than
    PLANNING_BULK_LEASE_SECONDS (its worker died); a job alive in another worker
    is left alone. `bulk_jobs_recover` (beat, every minute) queues dead ones again."""
    job = BulkEnrollmentJob.objects.select_related("session__program", "created_by").get(pk=job_id)
    if job.is_finished:
        return job
    claimable = Q(status=BulkEnrollmentJob.Status.QUEUED) | Q(
        status=BulkEnrollmentJob.Status.RUNNING, updated_at__lt=_bulk_lease_expired_before()
    )
    claimed = BulkEnrollmentJob.objects.filter(claimable, pk=job.pk).update(
        status=BulkEnrollmentJob.Status.RUNNING, started_at=job.started_at or timezone.now(), updated_at=timezone.now()
    )
    if not claimed:
        job.refresh_from_db()
        return job
    rows = list(job.rows.select_related("employee").order_by("line"))
    wanted = {normalise_nip(r.nip) for r in rows if not r.employee_id}
    by_nip = {e.nip: e for e in Employee.objects.filter(nip__in=wanted)}
    seen: dict[str, int] = {}
    # Rows done in an earlier run still count as seen for duplicates.
    for row in rows:
        if row.outcome != Outcome.PENDING and row.outcome != Outcome.ERROR and row.employee_id:
            seen.setdefault(row.employee.nip, row.line)
    try:
        for row in rows:
            if row.outcome != Outcome.PENDING:
                continue
            _process_row(job, row, by_nip, seen)
    except Exception as exc:
        BulkEnrollmentJob.objects.filter(pk=job.pk).update(
            status=BulkEnrollmentJob.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:255],
            finished_at=timezone.now(),
        )
        raise
    BulkEnrollmentJob.objects.filter(pk=job.pk).update(status=BulkEnrollmentJob.Status.DONE, finished_at=timezone.now())
    job.refresh_from_db()
    return job


def bulk_jobs_recover() -> list[int]:
    """Beat: queue again the jobs whose worker died (no row processed for longer
    than the lease) and queued jobs whose message was lost. Returns the job ids."""
    from .tasks import bulk_enrollment_run_task

    stale = Q(
        status__in=[BulkEnrollmentJob.Status.QUEUED, BulkEnrollmentJob.Status.RUNNING],
        updated_at__lt=_bulk_lease_expired_before(),
    )
    recovered = []
    for pk in BulkEnrollmentJob.objects.filter(stale).values_list("pk", flat=True):
        with transaction.atomic():
            if BulkEnrollmentJob.objects.filter(stale, pk=pk).update(
                status=BulkEnrollmentJob.Status.QUEUED, updated_at=timezone.now()
            ):
                logger.warning("bulk enrolment job %s: lease expired, queued again", pk)
                enqueue(bulk_enrollment_run_task, pk)
                recovered.append(pk)
    return recovered


def _process_row(job: BulkEnrollmentJob, row: BulkEnrollmentRow, by_nip, seen) -> None:
    with transaction.atomic():
        # A row another attempt has just processed (a worker presumed dead that was not) is skipped.
        if not BulkEnrollmentRow.objects.select_for_update().filter(pk=row.pk, outcome=Outcome.PENDING).exists():
            return
        employee, problem = _resolve(row, by_nip, seen)
        if employee is not None:
            row.employee = employee
            try:
                enrollment = enrollment_create(
                    session=job.session, employee=employee, actor=job.created_by, check_window=False
                )
            except ApplicationError as exc:
                problem = (exc.code, str(exc.message))
            except ValidationError as exc:
                problem = ("invalid", " ".join(exc.messages))
            else:
                row.enrollment = enrollment
                row.outcome = enrollment.status
                row.code = ""
                row.message = ""
        if problem:
            row.outcome = Outcome.ERROR
            row.code, row.message = problem[0][:40], problem[1][:500]
        row.save(update_fields=["employee", "enrollment", "outcome", "code", "message"])
        BulkEnrollmentJob.objects.filter(pk=job.pk).update(processed=F("processed") + 1, updated_at=timezone.now())


# --- Assessed competency levels -------------------------------------------------


@transaction.atomic
def assessment_set(
    *,
    employee: Employee,
    competency: Competency,
    level: int,
    assessed_on: datetime.date | None = None,
    source: str = EmployeeCompetency.Source.HR,
) -> EmployeeCompetency:
    """Record (or correct) the assessed level of one competency of an ASN."""
    assessed_on = assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("The assessment date cannot be in the future.")})
    record = EmployeeCompetency.objects.filter(employee=employee, competency=competency).first() or EmployeeCompetency(
        employee=employee, competency=competency
    )
    record.level = level
    record.assessed_on = assessed_on
    record.source = source
    record.full_clean(validate_constraints=False)
    record.save()
    return record


@transaction.atomic
def assessments_set_many(*, employee: Employee, levels: dict[int, int | None], assessed_on=None) -> int:
    """HR's form: {competency id: level or None}; None leaves a level unchanged."""
    competencies = Competency.objects.in_bulk([pk for pk, level in levels.items() if level])
    for pk, competency in competencies.items():
        assessment_set(employee=employee, competency=competency, level=levels[pk], assessed_on=assessed_on)
    if competencies:
        needs_summary_queue()
    return len(competencies)


def assessments_import(*, uploaded) -> dict:
    """Import assessed levels from a CSV/XLSX with columns NIP, competency code,
    level and (optionally) date. Valid rows are saved, each on its own; the
    report lists every refused row with its reason."""
    table = read_table(uploaded, max_rows=settings.PLANNING_BULK_MAX_ROWS, max_bytes=settings.PLANNING_UPLOAD_MAX_BYTES)
    nip_col = find_column(table, "nip")
    code_col = find_column(table, "competency", "kompetensi", "kode", "kode kompetensi", "competency code", "code")
    level_col = find_column(table, "level", "tingkat", "level kompetensi")
    date_col = find_column(table, "date", "tanggal", "assessed on", "tanggal asesmen")
    missing = [
        title
        for title, col in (("NIP", nip_col), (_("competency code"), code_col), (_("level"), level_col))
        if col is None
    ]
    if missing:
        raise ValidationError(
            _("Columns missing in the file: %(columns)s. Use the example file.") % {"columns": ", ".join(missing)},
            code="columns",
        )
    nips = {normalise_nip(cell(cells, nip_col)) for _line, cells in table.rows}
    codes = {cell(cells, code_col).strip().upper() for _line, cells in table.rows}
    employees = {e.nip: e for e in Employee.objects.filter(nip__in=nips)}
    competencies = {c.up: c for c in Competency.objects.annotate(up=Upper("code")).filter(up__in=codes)}
    saved, errors = 0, []
    for line, cells in table.rows:
        nip = normalise_nip(cell(cells, nip_col))
        code = cell(cells, code_col).strip().upper()
        raw_level = cell(cells, level_col).strip()
        raw_date = cell(cells, date_col).strip()
        problem = None
        if isinstance(cell(cells, nip_col), LostDigits):
            problem = _("The NIP is stored as a number and lost its last digits; format the column as Text.")
        elif nip not in employees:
            problem = _("No ASN with NIP %(nip)s is registered.") % {"nip": nip or "-"}
        elif code not in competencies:
            problem = _("Unknown competency code %(code)s.") % {"code": code or "-"}
        elif raw_level not in {"1", "2", "3", "4", "5"}:
            problem = _("The level must be a whole number from 1 to 5, not %(value)s.") % {"value": raw_level or "-"}
        assessed_on = None
        if problem is None and raw_date:
            try:
                assessed_on = datetime.date.fromisoformat(raw_date[:10])
            except ValueError:
                problem = _("The date must be written YYYY-MM-DD, not %(value)s.") % {"value": raw_date}
        if problem is None:
            try:
                assessment_set(
                    employee=employees[nip],
                    competency=competencies[code],
                    level=int(raw_level),
                    assessed_on=assessed_on,
                    source=EmployeeCompetency.Source.IMPORT,
                )
            except ValidationError as exc:
                problem = " ".join(exc.messages)
            else:
                saved += 1
        if problem:
            errors.append({"line": line, "nip": nip, "code": code, "message": str(problem)})
    if saved:
        needs_summary_queue()
    return {"saved": saved, "errors": errors, "total": len(table.rows)}


# --- The training-needs summary (planning.models.NeedsFigure) ----------------------


def needs_summary_refresh() -> int:
    """Rebuild the training-needs figures from the requirements, the active ASN
    and their assessed levels (the gap rule of accounts.gaps, as in
    selectors.training_needs), in one INSERT ... SELECT ... GROUP BY inside one
    transaction. Cheap (one pass, ~0.1 s for a city): run every few minutes by
    beat and queued after assessments are saved. Returns the rows written."""
    from django.db import connection
    from django.utils import timezone

    from accounts.models import PositionCompetency

    from .models import NeedsFigure

    sql = f"""
        INSERT INTO {NeedsFigure._meta.db_table}
            (competency_id, org_unit_id, employment_type, required, with_gap, not_assessed, gap_sum, refreshed_at)
        SELECT pc.competency_id, e.org_unit_id, e.employment_type, COUNT(*),
               SUM(CASE WHEN ec.level < pc.level THEN 1 ELSE 0 END),
               SUM(CASE WHEN ec.level IS NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN ec.level < pc.level THEN pc.level - ec.level ELSE 0 END),
               %s
        FROM {PositionCompetency._meta.db_table} pc
        JOIN {Employee._meta.db_table} e ON e.position_id = pc.position_id AND e.is_active
        LEFT JOIN {EmployeeCompetency._meta.db_table} ec
            ON ec.employee_id = e.id AND ec.competency_id = pc.competency_id
        GROUP BY pc.competency_id, e.org_unit_id, e.employment_type
    """  # noqa: S608 - table names from the models' _meta; the value is a parameter
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [7_301_015])
        cursor.execute(f"DELETE FROM {NeedsFigure._meta.db_table}")  # noqa: S608
        cursor.execute(sql, [timezone.now()])
        return cursor.rowcount


def needs_summary_queue() -> None:
    """Queue a refresh of the training-needs figures after the caller's commit."""
    from .tasks import needs_summary_refresh_task

    enqueue(needs_summary_refresh_task)
