"""Refreshing the IKM figures: the cached figures (nightly and on demand) and the
summary table the whole-city figures are read from (every few minutes)."""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from ..models import SCORE_FIELDS, Feedback, IkmSum, IkmSumPeriod
from ..selectors.ikm import IKM_GENERATION_KEY, _day_start, _months, ikm_public_overview

logger = logging.getLogger(__name__)
DAY, MONTH, MTD = IkmSumPeriod.Kind.DAY, IkmSumPeriod.Kind.MONTH, IkmSumPeriod.Kind.MONTH_TO_DATE


def ikm_refresh(*, rebuild_summary: bool = True) -> int:
    """Recompute the whole summary table (or, without `rebuild_summary`, only mark it
    for the worker to recompute, e.g. after seeding), invalidate every cached IKM
    figure and warm the public page; returns the new generation."""
    if rebuild_summary:
        ikm_summary_refresh(full=True)
    else:
        ikm_summary_invalidate()
    try:
        generation = cache.incr(IKM_GENERATION_KEY)
    except ValueError:
        generation = 2
        cache.set(IKM_GENERATION_KEY, generation, timeout=None)
    ikm_public_overview()
    return generation


def _next(kind: str, day: datetime.date) -> datetime.date:
    if kind == MONTH:
        return (day + datetime.timedelta(days=32)).replace(day=1)
    return day + datetime.timedelta(days=1)


def _closed(kind: str, day: datetime.date, now: datetime.datetime) -> bool:
    """A period is summarised only once it ended FEEDBACK_IKM_SUMMARY_GRACE_SECONDS ago,
    so a submission made in its last moment has committed (a later one, from an
    offline device, marks it dirty itself: see ikm_summary_mark_dirty)."""
    grace = datetime.timedelta(seconds=settings.FEEDBACK_IKM_SUMMARY_GRACE_SECONDS)
    return _day_start(_next(kind, day)) + grace <= now


_INSERT = (
    "INSERT INTO {table} (kind, day, unit_id, service_id, responses, {sums}) "
    "SELECT %s, %s, unit_id, service_id, COUNT(*), {totals} FROM {source} "
    "WHERE created_at >= %s AND created_at < %s GROUP BY unit_id, service_id"
)


def _last_closed_day(now: datetime.datetime) -> datetime.date:
    day = timezone.localtime(now).date()
    while not _closed(DAY, day, now):
        day -= datetime.timedelta(days=1)
    return day


def ikm_summary_period_refresh(*, kind: str, day: datetime.date) -> bool:
    """Recompute the sums of one closed day or month, or of the closed days of a month
    so far (MTD, `day` its first day), from the feedback rows: one DELETE and one
    INSERT ... SELECT ... GROUP BY (unit, service), under the period row's lock, so a
    concurrent late submission either is counted or leaves the period dirty. Returns
    False (nothing done) for a period that has not closed."""
    now = timezone.now()
    through = None
    if kind == MTD:
        through = min(_last_closed_day(now), _next(MONTH, day) - datetime.timedelta(days=1))
        if through < day:
            return False
        end = through + datetime.timedelta(days=1)
    elif not _closed(kind, day, now):
        return False
    else:
        end = _next(kind, day)
    # The period row exists (committed) before it is locked: a late submission's
    # upsert then waits for this transaction, or this one for the submission's.
    IkmSumPeriod.objects.bulk_create([IkmSumPeriod(kind=kind, day=day)], ignore_conflicts=True)
    ops = connection.ops
    sql = _INSERT.format(
        table=IkmSum._meta.db_table,
        source=Feedback._meta.db_table,
        sums=", ".join(f"sum_{f}" for f in SCORE_FIELDS),
        totals=", ".join(f"SUM({f})" for f in SCORE_FIELDS),
    )
    with transaction.atomic():
        period = IkmSumPeriod.objects.select_for_update().get(kind=kind, day=day)
        IkmSum.objects.filter(kind=kind, day=day).delete()
        params = [
            kind,
            ops.adapt_datefield_value(day),
            ops.adapt_datetimefield_value(_day_start(day)),
            ops.adapt_datetimefield_value(_day_start(end)),
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        period.computed_at, period.dirty, period.through = timezone.now(), False, through
        period.save(update_fields=["computed_at", "dirty", "through"])
    return True


def ikm_summary_refresh(*, full: bool = False) -> int:
    """Summarise every closed day and month since the oldest feedback that is missing
    or dirty (all of them when `full`); returns how many periods were computed.
    Idempotent: a rerun recomputes the same sums."""
    first = Feedback.objects.order_by("created_at").values_list("created_at", flat=True).first()
    if first is None:
        return 0
    now = timezone.now()
    first_day, today = timezone.localtime(first).date(), timezone.localdate()
    wanted = [(MONTH, month) for month in _months(first_day, today)]
    day = first_day
    while day <= today:
        wanted.append((DAY, day))
        day += datetime.timedelta(days=1)
    wanted = [(kind, day) for kind, day in wanted if _closed(kind, day, now)]
    # The month still running: its closed days so far, as one set of rows.
    running = _last_closed_day(now).replace(day=1)
    if not _closed(MONTH, running, now) and running >= first_day.replace(day=1):
        wanted.append((MTD, running))
    if not full:
        usable = IkmSumPeriod.objects.filter(computed_at__isnull=False, dirty=False)
        done = {(kind, day) for kind, day, through in usable.values_list("kind", "day", "through")
                if kind != MTD or through == _last_closed_day(now)}  # fmt: skip
        wanted = [period for period in wanted if period not in done]
    count = 0
    for kind, day in wanted:
        count += ikm_summary_period_refresh(kind=kind, day=day)
    if count:
        logger.info("IKM summary: %d periods recomputed", count)
    if count > 31 and connection.vendor == "postgresql":
        # A backfill: the planner learns the table's new size now rather than at
        # autovacuum's next round (else it may sort thousands of rows it expects to be few).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {IkmSum._meta.db_table}, {IkmSumPeriod._meta.db_table}")
    return count


def ikm_summary_invalidate() -> int:
    """Feedback was written in bulk outside the services (seeding, an import): every
    summarised period is read from the feedback rows again until the worker has
    recomputed it. One UPDATE; returns the number of periods."""
    return IkmSumPeriod.objects.update(dirty=True)


def ikm_summary_mark_dirty(*, day: datetime.date) -> None:
    """A submission counted on `day` arrives after that day closed (an offline
    device's submitted_at): its day and month are read from the feedback rows again
    at once and recomputed by the worker. Called in the submission's transaction."""
    from asn_competency.common.outbox import enqueue

    from ..tasks import ikm_summary_refresh as refresh_task

    periods = [
        IkmSumPeriod(kind=DAY, day=day, dirty=True),
        IkmSumPeriod(kind=MONTH, day=day.replace(day=1), dirty=True),
        IkmSumPeriod(kind=MTD, day=day.replace(day=1), dirty=True),
    ]
    IkmSumPeriod.objects.bulk_create(
        periods, update_conflicts=True, update_fields=["dirty"], unique_fields=["kind", "day"]
    )
    enqueue(refresh_task)
