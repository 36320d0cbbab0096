"""The JP summaries (training.models.JpYearTotal, JpUnitYear): rebuilt from the
ledger (the source) with the one target rule (training.jp_target).

Maintained by Celery: the beat job `training.jp_summary_refresh` rebuilds the
current and the previous year every few minutes (transfers, new and departed
ASN, a changed target setting), and every ledger write queues a refresh of its
ASN through the outbox (`jp_summary_queue`), so the report is usually seconds
behind. Each refresh is one `INSERT ... SELECT ... GROUP BY` per table inside
one transaction (readers see the old rows until it commits); refreshes are
serialised by a transaction-level advisory lock on PostgreSQL (SQLite
serialises writers itself), so two workers never interleave.
"""

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Employee, OrgUnit

from ..jp_target import DEFAULT
from ..models import JpLedgerEntry, JpSummaryBuild, JpUnitYear, JpYearTotal

LOCK_KEY = 7_301_013  # pg_advisory_xact_lock key of these summaries


def _target_sql() -> tuple[str, list]:
    """The target of e.employment_type as SQL (training.jp_target's rule)."""
    targets = settings.JP_YEARLY_TARGET
    if not targets:
        return "%s", [DEFAULT]
    whens = " ".join("WHEN %s THEN %s" for _ in targets)
    params = [value for kind, target in targets.items() for value in (kind, target)]
    return f"CASE e.employment_type {whens} ELSE %s END", [*params, DEFAULT]


def _in(column: str, ids: list[int]) -> tuple[str, list]:
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def jp_summary_refresh(*, year: int, employee_ids: list[int] | None = None) -> int:
    """Rebuild the summaries of `year`: every active ASN, or only `employee_ids`
    (and the units they were and are in). Returns the number of ASN rows written."""
    now = timezone.now()
    total, unit = JpYearTotal._meta.db_table, JpUnitYear._meta.db_table
    target, target_params = _target_sql()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        only_total, only_ledger, only_employee, ids = "", "", "", []
        if employee_ids is not None:
            ids = sorted(set(employee_ids))
            if not ids:
                return 0
            only_total, _ = _in("employee_id", ids)
            only_ledger, _ = _in("l.employee_id", ids)
            only_employee, _ = _in("e.id", ids)
            cursor.execute(f"SELECT DISTINCT org_unit_id FROM {total} WHERE year = %s{only_total}", [year, *ids])  # noqa: S608
            units = {row[0] for row in cursor.fetchall()}
            units.update(Employee.objects.filter(pk__in=ids).values_list("org_unit_id", flat=True))
        cursor.execute(f"DELETE FROM {total} WHERE year = %s{only_total}", [year, *ids])  # noqa: S608
        cursor.execute(
            f"""
            INSERT INTO {total} (employee_id, year, org_unit_id, employment_type, unit_name, full_name,
                                 jp_total, jp_target, reached, refreshed_at)
            SELECT e.id, %s, e.org_unit_id, e.employment_type, u.name, e.full_name,
                   COALESCE(s.jp, 0), {target}, COALESCE(s.jp, 0) >= {target}, %s
            FROM {Employee._meta.db_table} e
            JOIN {OrgUnit._meta.db_table} u ON u.id = e.org_unit_id
            LEFT JOIN (
                SELECT l.employee_id, SUM(l.jp) AS jp FROM {JpLedgerEntry._meta.db_table} l
                WHERE l.year = %s{only_ledger} GROUP BY l.employee_id
            ) s ON s.employee_id = e.id
            WHERE e.is_active{only_employee}
            """,  # noqa: S608 - table names from the models' _meta; every value is a parameter
            [year, *target_params, *target_params, now, year, *ids, *ids],
        )
        written = cursor.rowcount
        only_unit, unit_ids = "", []
        if employee_ids is not None:
            unit_ids = sorted(units)
            only_unit, _ = _in("org_unit_id", unit_ids)
        cursor.execute(f"DELETE FROM {unit} WHERE year = %s{only_unit}", [year, *unit_ids])  # noqa: S608
        cursor.execute(
            f"""
            INSERT INTO {unit} (org_unit_id, year, employment_type, asn, below, jp_sum, refreshed_at)
            SELECT org_unit_id, year, employment_type, COUNT(*),
                   SUM(CASE WHEN reached THEN 0 ELSE 1 END), SUM(jp_total), %s
            FROM {total} WHERE year = %s{only_unit}
            GROUP BY org_unit_id, year, employment_type
            """,  # noqa: S608
            [now, year, *unit_ids],
        )
        if employee_ids is None:
            JpSummaryBuild.objects.update_or_create(year=year, defaults={"built_at": now})
    return written


def jp_summary_queue(*, employee_id: int, year: int) -> None:
    """Queue a refresh of one ASN's year after the caller's transaction commits
    (call it after every ledger write)."""
    from asn_competency.common.outbox import enqueue

    from ..tasks import jp_summary_refresh_task

    enqueue(jp_summary_refresh_task, year, [employee_id])
