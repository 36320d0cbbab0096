"""The citizen satisfaction index (IKM) of PermenPANRB 14/2017.

NRR of an element = mean of its answers; IKM = 25 x (sum of the nine NRRs / 9),
i.e. exact weights of 1/9 (the regulation's 0.111 is that figure rounded),
rounded half up to two decimals. The sums and counts come from one grouped SQL
query; the division is done on exact decimals so that figures on a category
boundary never fall on the wrong side through floating point.
"""

import datetime
import hashlib
import logging
import secrets
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from accounts.models import OrgUnit

from ..models import ELEMENTS, SCORE_FIELDS, Feedback, IkmSum, IkmSumPeriod

IKM_GENERATION_KEY = "feedback:ikm:generation"
IKM_MONTH_VERSION_PREFIX = "feedback:ikm:v"

logger = logging.getLogger(__name__)

# (lowest IKM, letter, label), highest first.
CATEGORIES = [
    (Decimal("88.31"), "A", gettext_lazy("Very good")),
    (Decimal("76.61"), "B", gettext_lazy("Good")),
    (Decimal("65.00"), "C", gettext_lazy("Less than good")),
    (Decimal("25.00"), "D", gettext_lazy("Not good")),
]
_SUMS = {f"s_{f}": Sum(f) for f in SCORE_FIELDS}
TWO = Decimal("0.01")
THREE = Decimal("0.001")


def ikm_category(value: Decimal | None) -> tuple[str | None, str | None]:
    """The category letter and label of an IKM value already rounded to two decimals."""
    if value is None:
        return None, None
    for lowest, letter, label in CATEGORIES:
        if value >= lowest:
            return letter, str(label)
    return None, None


@dataclass
class IkmResult:
    responses: int
    elements: list = field(default_factory=list)  # [{"code", "name", "nrr"}]
    ikm: Decimal | None = None
    category: str | None = None
    label: str | None = None
    sample_warning: bool = True
    min_sample: int = 0

    def as_dict(self) -> dict:
        data = asdict(self)
        data["ikm"] = float(self.ikm) if self.ikm is not None else None
        return data


def ikm_from_sums(row: dict) -> IkmResult:
    """Build the figures from a row with `n` and `s_u1`..`s_u9` (SQL sums)."""
    n = row.get("n") or 0
    min_sample = settings.FEEDBACK_IKM_MIN_SAMPLE
    if not n:
        elements = [{"code": code, "name": str(name), "nrr": None} for code, name in ELEMENTS]
        return IkmResult(responses=0, elements=elements, min_sample=min_sample)
    sums = [Decimal(row[f"s_{f}"]) for f in SCORE_FIELDS]
    elements = [
        {"code": code, "name": str(name), "nrr": float((total / n).quantize(THREE, ROUND_HALF_UP))}
        for (code, name), total in zip(ELEMENTS, sums, strict=True)
    ]
    # 25 * (sum of NRR_i) / 9 with NRR_i = sum_i / n, kept exact until rounding.
    ikm = (Decimal(25) * sum(sums) / (9 * n)).quantize(TWO, ROUND_HALF_UP)
    letter, label = ikm_category(ikm)
    return IkmResult(
        responses=n,
        elements=elements,
        ikm=ikm,
        category=letter,
        label=label,
        sample_warning=n < min_sample,
        min_sample=min_sample,
    )


def _filtered(*, unit=None, service=None, start=None, end=None):
    qs = Feedback.objects.all()
    if unit is not None:
        qs = qs.filter(unit=unit)
    if service is not None:
        qs = qs.filter(service=service)
    # Compare with the bounds of the days in WIB rather than created_at::date, so that
    # PostgreSQL can use the (unit, created_at) index.
    if start is not None:
        qs = qs.filter(created_at__gte=_day_start(start))
    if end is not None:
        qs = qs.filter(created_at__lt=_day_start(end + datetime.timedelta(days=1)))
    return qs


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# --- where the sums come from: the summary table for closed days and months, the
# feedback rows (through the created_at index) for the rest (today, a period not
# summarised yet, or one a late submission has made dirty) ---------------------


@dataclass
class _Sources:
    months: list = field(default_factory=list)  # first days of the summarised months used
    to_date: list = field(default_factory=list)  # first days of the months whose closed days so far are used
    days: list = field(default_factory=list)  # summarised days used
    live: list = field(default_factory=list)  # (first, last) day ranges read from the feedback rows
    summary_at: datetime.datetime | None = None  # the oldest summary used


def _usable_periods(first: datetime.date, last: datetime.date) -> dict:
    """{(kind, day): (computed_at, through)} of the summarised periods within
    first..last. One query."""
    rows = IkmSumPeriod.objects.filter(
        day__gte=first.replace(day=1), day__lte=last, computed_at__isnull=False, dirty=False
    ).values_list("kind", "day", "computed_at", "through")
    return {(kind, day): (at, through) for kind, day, at, through in rows}


def _sources(start: datetime.date, end: datetime.date, usable: dict) -> _Sources:
    """Cover start..end (inclusive) with whole summarised months, else the month's
    closed days so far (month to date) and summarised days, else ranges of feedback
    rows. Only closed periods are ever summarised, so today is always read live; days
    are walked only where summarised periods exist (a period reaching far into the
    past or the future costs no more)."""
    result, used = _Sources(), []
    one = datetime.timedelta(days=1)

    def live(first, last):
        if result.live and result.live[-1][1] == first - one:
            result.live[-1][1] = last
        else:
            result.live.append([first, last])

    first_summarised = min((day for _kind, day in usable), default=None)
    lo = max(start, first_summarised.replace(day=1)) if first_summarised else None
    hi = min(end, timezone.localdate() - one)
    if lo is None or lo > hi:
        lo, hi = end + one, end  # nothing summarised in the period: all live
    if start < lo:
        live(start, min(end, lo - one))
    for month in _months(lo, hi) if lo <= hi else []:
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        first, last = max(lo, month), min(hi, following - one)
        at, _through = usable.get((IkmSumPeriod.Kind.MONTH, month), (None, None))
        if first == month and last == following - one and at is not None:
            result.months.append(month)
            used.append(at)
            continue
        day = first
        at, through = usable.get((IkmSumPeriod.Kind.MONTH_TO_DATE, month), (None, None))
        if first == month and at is not None and through is not None and month <= through <= last:
            result.to_date.append(month)
            used.append(at)
            day = through + one
        while day <= last:
            at, _through = usable.get((IkmSumPeriod.Kind.DAY, day), (None, None))
            if at is not None:
                result.days.append(day)
                used.append(at)
            else:
                live(day, day)
            day += one
    if hi >= lo and end > hi:
        live(hi + one, end)
    result.live = [tuple(r) for r in result.live]
    result.summary_at = min(used) if used else None
    return result


_SUMMARY_SUMS = {"n": Sum("responses"), **{f"s_{f}": Sum(f"sum_{f}") for f in SCORE_FIELDS}}
_SUM_KEYS = ["n", *_SUMS]


def _gather(src: _Sources, *, fields: list[str], by_month: bool = False, unit=None, service=None) -> dict:
    """The count and nine sums per group (`fields`, plus the month when `by_month`):
    {group tuple: {"n", "s_u1".."s_u9", **fields}}. One query on the summary table
    and one on the feedback rows (each only when it has something to read). Both
    hold integer sums of the same rows, so the figures equal a computation over the
    feedback rows alone."""
    groups: dict = {}

    def add(row, month):
        if not row["n"]:
            return  # an aggregate over no rows
        key = tuple(row[f] for f in fields) + ((month,) if by_month else ())
        target = groups.get(key)
        if target is None:
            target = groups[key] = {**{f: row[f] for f in fields}, **dict.fromkeys(_SUM_KEYS, 0)}
            if by_month:
                target["month"] = month
        for k in _SUM_KEYS:
            target[k] += row[k] or 0

    def narrow(qs):
        if unit is not None:
            qs = qs.filter(unit=unit)
        if service is not None:
            qs = qs.filter(service=service)
        return qs

    if src.months or src.days or src.to_date:
        cover = Q()
        if src.months:
            cover |= Q(kind=IkmSumPeriod.Kind.MONTH, day__in=src.months)
        if src.to_date:
            cover |= Q(kind=IkmSumPeriod.Kind.MONTH_TO_DATE, day__in=src.to_date)
        if src.days:
            cover |= Q(kind=IkmSumPeriod.Kind.DAY, day__in=src.days)
        qs = narrow(IkmSum.objects.filter(cover)).order_by()
        if not fields and not by_month:  # one total (values() without fields would group by every column)
            add(qs.aggregate(**_SUMMARY_SUMS), None)
        else:
            for row in qs.values(*fields, *(["day"] if by_month else [])).annotate(**_SUMMARY_SUMS):
                add(row, row["day"].replace(day=1) if by_month else None)
    if src.live:
        cover = Q()
        for first, last in src.live:
            cover |= Q(created_at__gte=_day_start(first), created_at__lt=_day_start(last + datetime.timedelta(days=1)))
        qs = narrow(Feedback.objects.filter(cover)).order_by()
        if not fields and not by_month:
            add(qs.aggregate(n=Count("pk"), **_SUMS), None)
        else:
            if by_month:
                qs = qs.annotate(month=TruncMonth("created_at"))
            for row in qs.values(*fields, *(["month"] if by_month else [])).annotate(n=Count("pk"), **_SUMS):
                month = row.get("month")
                if isinstance(month, datetime.datetime):
                    month = month.date()
                add(row, month)
    return groups


def _first_day() -> datetime.date | None:
    """The day of the oldest feedback (for periods without a start), via the created_at index."""
    first = Feedback.objects.order_by("created_at").values_list("created_at", flat=True).first()
    return timezone.localtime(first).date() if first else None


def _plan(start, end) -> _Sources | None:
    """The sources of start..end (None: unbounded); None when there is nothing to read."""
    end = end or timezone.localdate()
    start = start or _first_day()
    if start is None or start > end:
        return None
    return _sources(start, end, _usable_periods(start, end))


def _ikm_compute(*, unit=None, service=None, start=None, end=None) -> tuple[IkmResult, _Sources | None]:
    src = _plan(start, end)
    if src is None:
        return ikm_from_sums({}), None
    row = _gather(src, fields=[], unit=unit, service=service).get((), {})
    return ikm_from_sums(row), src


def ikm_compute(
    *, unit=None, service=None, start: datetime.date | None = None, end: datetime.date | None = None
) -> IkmResult:
    """IKM of one unit, one service, or all units, for a period (dates inclusive, WIB).

    Closed days and months come from the summary table (IkmSum), the rest from the
    feedback rows; at most three queries whatever the period and the data."""
    return _ikm_compute(unit=unit, service=service, start=start, end=end)[0]


def ikm_compute_raw(
    *, unit=None, service=None, start: datetime.date | None = None, end: datetime.date | None = None
) -> IkmResult:
    """The same figures from the feedback rows alone (one query over the whole period):
    the reference the summary is checked against."""
    row = _filtered(unit=unit, service=service, start=start, end=end).aggregate(n=Count("pk"), **_SUMS)
    return ikm_from_sums(row)


def _rank(result: list[dict]) -> list[dict]:
    # Figures from a sufficient sample first, so a unit with two answers does not top the table.
    result.sort(key=lambda r: (r["sample_warning"], -(r["ikm"] or 0), r["name"]))
    return result


def _units_from(groups: dict) -> list[dict]:
    result = []
    for row in groups.values():
        figures = ikm_from_sums(row).as_dict()
        figures.update(unit_id=row["unit_id"], code=row["unit__code"], name=row["unit__name"])
        result.append(figures)
    return _rank(result)


_UNIT_FIELDS = ["unit_id", "unit__code", "unit__name"]


def _rank_key(row: dict) -> tuple:
    """_rank's order of a unit's sums, from its rounded IKM alone (one exact
    division, not the nine NRRs of ikm_from_sums)."""
    n = row["n"]
    ikm = (Decimal(25) * sum(Decimal(row[f"s_{f}"]) for f in SCORE_FIELDS) / (9 * n)).quantize(TWO, ROUND_HALF_UP)
    return (n < settings.FEEDBACK_IKM_MIN_SAMPLE, -ikm, row["unit__name"])


def ikm_by_unit(*, start=None, end=None, limit: int | None = None, unit=None) -> list[dict]:
    """Every unit with responses in the period and its IKM, best first (at most three
    queries: closed days and months from the summary table, see ikm_compute). Used by
    the evaluation dashboard too, which shows the best `limit` (only those get their
    full figures: the rest are ranked by their IKM alone), or one `unit` (narrowed
    in SQL)."""
    src = _plan(start, end)
    if not src:
        return []
    groups = _gather(src, fields=_UNIT_FIELDS, unit=unit)
    if limit is not None and len(groups) > limit:
        best = sorted(groups.values(), key=_rank_key)[:limit]
        groups = {row["unit_id"]: row for row in best}
    return _units_from(groups)


def ikm_by_unit_raw(*, start=None, end=None) -> list[dict]:
    """ikm_by_unit from the feedback rows alone (the reference for the summary)."""
    rows = _filtered(start=start, end=end).order_by().values(*_UNIT_FIELDS).annotate(n=Count("pk"), **_SUMS)
    return _units_from({row["unit_id"]: row for row in rows})


def ikm_summary_at(*, start=None, end=None) -> datetime.datetime | None:
    """When the oldest summary figures of the period were computed (None: all read live)."""
    src = _plan(start, end)
    return src.summary_at if src else None


def ikm_by_service(*, unit, start=None, end=None) -> list[dict]:
    src = _plan(start, end)
    if src is None:
        return []
    rows = _gather(src, fields=["service_id", "service__name"], unit=unit)
    rows = sorted((r for r in rows.values() if r["service_id"] is not None), key=lambda r: r["service__name"])
    return [{**ikm_from_sums(row).as_dict(), "name": row["service__name"]} for row in rows]


def ikm_trend(*, unit=None, months: int = 12, today: datetime.date | None = None) -> list[dict]:
    """Monthly IKM over the last `months` months (months without responses included)."""
    today = today or timezone.localdate()
    first = _trend_start(today, months)
    src = _plan(first, today)
    by_month = {key[0]: row for key, row in _gather(src, fields=[], by_month=True, unit=unit).items()}
    return _monthly(by_month, first, today)


def _monthly(by_month: dict, first: datetime.date, last: datetime.date) -> list[dict]:
    result = []
    for month in _months(first, last):
        figures = ikm_from_sums(by_month.get(month, {})).as_dict()
        figures["month"] = month.isoformat()
        result.append(figures)
    return result


def _prefix() -> str:
    """Cache key prefix: the refresh generation and the language (labels are translated)."""
    return f"feedback:ikm:{cache.get_or_set(IKM_GENERATION_KEY, 1, timeout=None)}:{get_language() or 'id'}"


def _month_key(scope: str, month: datetime.date) -> str:
    return f"{IKM_MONTH_VERSION_PREFIX}:{scope}:{month:%Y-%m}"


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of the months from `first` to `last` (both inclusive)."""
    current, result = first.replace(day=1), []
    while current <= last:
        result.append(current)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
    return result


def _versions(scope: str, first: datetime.date | None, last: datetime.date) -> str:
    """A fingerprint of the submissions into the months `first`..`last` of a scope
    ("all" or "unit:<pk>"): each submission replaces its month's token (see
    ikm_note_submission), so a cached figure of those months stops matching.
    One cache round trip. Without a start (all time) one token per scope counts."""
    if first is None:
        keys = [f"{IKM_MONTH_VERSION_PREFIX}:{scope}:any"]
    else:
        keys = [_month_key(scope, month) for month in _months(first, last)]
    found = cache.get_many(keys)
    return hashlib.blake2b("|".join(str(found.get(k, 0)) for k in keys).encode(), digest_size=8).hexdigest()


def _today_token(scope: str) -> str:
    """The newest submission counted today in a scope (its id), read from the
    database: part of the cache key of a period that includes today, so a new
    submission shows at once without the public write path touching the cache.
    An index range over today's rows (feedback_created_id_kind, or
    feedback_unit_created for a unit)."""
    today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    rows = Feedback.objects.filter(created_at__gte=today)
    if scope != "all":
        rows = rows.filter(unit_id=int(scope.removeprefix("unit:")))
    return str(rows.aggregate(newest=Max("pk"))["newest"])


def ikm_note_submission(*, unit_id: int, day: datetime.date) -> None:
    """A submission counted on an earlier `day` (made offline, sent today) for the
    unit: the cached figures of the periods that cover that day (for the unit and
    for all units) no longer match. Called after the commit, so a figure computed
    from now on sees the new row. (Today's submissions need no note: see
    _today_token.)"""
    # A random number: the cache keeps integers as they are (no pickling).
    token = secrets.randbits(62)
    keys = {}
    for scope in ("all", f"unit:{unit_id}"):
        keys[_month_key(scope, day)] = token
        keys[f"{IKM_MONTH_VERSION_PREFIX}:{scope}:any"] = token
    try:
        cache.set_many(keys, timeout=None)
    except (RedisError, OSError):
        # The figures of open periods still expire within FEEDBACK_IKM_LIVE_CACHE_SECONDS.
        logger.warning("IKM cache versions not updated for unit %s on %s", unit_id, day, exc_info=True)


def _cached(key: str, compute, *, scope: str, first: datetime.date | None, last: datetime.date | None) -> dict:
    """``compute()`` (a dict) through the cache, stamped with ``computed_at``.

    The data depends on the submissions of `scope` counted from `first` to `last`
    (None: unbounded). A period that includes today is kept at most
    FEEDBACK_IKM_LIVE_CACHE_SECONDS and is dropped at once by a new submission; a
    closed period is kept up to FEEDBACK_IKM_CACHE_SECONDS, until a late submission
    into one of its months (or the nightly refresh) replaces it.
    """
    today = timezone.localdate()
    is_open = last is None or last >= today
    last = today if last is None or last > today else last
    key = f"{_prefix()}:{key}:{_versions(scope, first, last)}"
    if is_open:
        key = f"{key}:{_today_token(scope)}"
    data = cache.get(key)
    if data is None:
        data = {**compute(), "computed_at": timezone.now().isoformat(), "live": is_open}
        timeout = settings.FEEDBACK_IKM_LIVE_CACHE_SECONDS if is_open else settings.FEEDBACK_IKM_CACHE_SECONDS
        cache.set(key, data, timeout=timeout)
    return data


def _trend_start(end: datetime.date, months: int = 12) -> datetime.date:
    first = end.replace(day=1)
    for _i in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first


def _stamp(at: datetime.datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def ikm_cached(*, unit: OrgUnit | None = None, service=None, start=None, end=None) -> dict:
    """`ikm_compute` through the cache (see `_cached` for how fresh it is), with
    `summary_at`: when the oldest summary figures in it were computed."""

    def compute():
        result, src = _ikm_compute(unit=unit, service=service, start=start, end=end)
        return {**result.as_dict(), "summary_at": _stamp(src.summary_at if src else None)}

    return _cached(
        f"{unit.pk if unit else 'all'}:{service.pk if service else 'all'}:{start}:{end}",
        compute,
        scope=f"unit:{unit.pk}" if unit else "all",
        first=start,
        last=end,
    )


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last twelve months up to today."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=364), today


def _overview(*, start: datetime.date, end: datetime.date, months: int = 12) -> dict:
    """All units, each unit and the monthly trend: one read of the summary periods,
    then the period grouped by unit and the trend months grouped by month (closed
    days and months from the summary table, the rest from the feedback rows). All
    are integer sums of the same rows, so they equal ikm_compute / ikm_by_unit /
    ikm_trend exactly. At most five queries, whatever the size of the city."""
    first = _trend_start(end, months)
    usable = _usable_periods(min(start, first), end)
    period, trend = _sources(start, end, usable), _sources(first, end, usable)
    units = _gather(period, fields=_UNIT_FIELDS)
    overall = dict.fromkeys(_SUM_KEYS, 0)
    for row in units.values():
        for key in _SUM_KEYS:
            overall[key] += row[key]
    by_month = {key[0]: row for key, row in _gather(trend, fields=[], by_month=True).items()}
    used = [at for at in (period.summary_at, trend.summary_at) if at is not None]
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "overall": ikm_from_sums(overall).as_dict(),
        "units": _units_from(units),
        "trend": _monthly(by_month, first, end),
        "summary_at": _stamp(min(used) if used else None),
    }


def ikm_public_overview(*, start=None, end=None) -> dict:
    """The transparency page's figures: all units, each unit, and the monthly trend (cached)."""
    if start is None or end is None:
        start, end = default_period()
    return _cached(
        f"overview:{start}:{end}",
        lambda: _overview(start=start, end=end),
        scope="all",
        first=min(start, _trend_start(end)),
        last=end,
    )


def _unit_detail(*, unit: OrgUnit, start: datetime.date, end: datetime.date) -> dict:
    first = _trend_start(end)
    usable = _usable_periods(min(start, first), end)
    period, trend = _sources(start, end, usable), _sources(first, end, usable)
    services = _gather(period, fields=["service_id", "service__name"], unit=unit)
    overall = dict.fromkeys(_SUM_KEYS, 0)
    for row in services.values():
        for key in _SUM_KEYS:
            overall[key] += row[key]
    named = sorted((r for r in services.values() if r["service_id"] is not None), key=lambda r: r["service__name"])
    by_month = {key[0]: row for key, row in _gather(trend, fields=[], by_month=True, unit=unit).items()}
    used = [at for at in (period.summary_at, trend.summary_at) if at is not None]
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "overall": ikm_from_sums(overall).as_dict(),
        "services": [{**ikm_from_sums(row).as_dict(), "name": row["service__name"]} for row in named],
        "trend": _monthly(by_month, first, end),
        "summary_at": _stamp(min(used) if used else None),
    }


def ikm_unit_detail(*, unit: OrgUnit, start=None, end=None) -> dict:
    """One unit's IKM, its services and its trend (cached)."""
    if start is None or end is None:
        start, end = default_period()
    return _cached(
        f"unit:{unit.pk}:{start}:{end}",
        lambda: _unit_detail(unit=unit, start=start, end=end),
        scope=f"unit:{unit.pk}",
        first=min(start, _trend_start(end)),
        last=end,
    )


def ikm_trend_chart(trend: list[dict], *, label: str | None = None) -> dict:
    """Chart.js data for a trend line (months without responses stay gaps);
    months are named in the active language ("Mei 2026" / "May 2026")."""
    return {
        "labels": [date_format(datetime.date.fromisoformat(row["month"][:10]), "M Y") for row in trend],
        "datasets": [
            {
                "label": label or _("IKM"),
                "data": [row["ikm"] for row in trend],
                "borderColor": "#0d6efd",
                "backgroundColor": "rgba(13,110,253,.15)",
                "spanGaps": False,
                "tension": 0.2,
            }
        ],
    }
