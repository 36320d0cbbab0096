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
import uuid
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from accounts.models import OrgUnit

from ..models import ELEMENTS, SCORE_FIELDS, Feedback

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


def ikm_compute(
    *, unit=None, service=None, start: datetime.date | None = None, end: datetime.date | None = None
) -> IkmResult:
    """IKM of one unit, one service, or all units, for a period (dates inclusive, WIB). One query."""
    row = _filtered(unit=unit, service=service, start=start, end=end).aggregate(n=Count("pk"), **_SUMS)
    return ikm_from_sums(row)


def ikm_by_unit(*, start=None, end=None) -> list[dict]:
    """Every unit with responses in the period and its IKM, best first. One query."""
    rows = (
        _filtered(start=start, end=end)
        .order_by()
        .values("unit_id", "unit__code", "unit__name")
        .annotate(n=Count("pk"), **_SUMS)
    )
    result = []
    for row in rows:
        figures = ikm_from_sums(row).as_dict()
        figures.update(unit_id=row["unit_id"], code=row["unit__code"], name=row["unit__name"])
        result.append(figures)
    # Figures from a sufficient sample first, so a unit with two answers does not top the table.
    result.sort(key=lambda r: (r["sample_warning"], -(r["ikm"] or 0), r["name"]))
    return result


def ikm_by_service(*, unit, start=None, end=None) -> list[dict]:
    rows = (
        _filtered(unit=unit, start=start, end=end)
        .filter(service__isnull=False)
        .order_by()
        .values("service_id", "service__name")
        .annotate(n=Count("pk"), **_SUMS)
        .order_by("service__name")
    )
    return [{**ikm_from_sums(row).as_dict(), "name": row["service__name"]} for row in rows]


def ikm_trend(*, unit=None, months: int = 12, today: datetime.date | None = None) -> list[dict]:
    """Monthly IKM over the last `months` months (months without responses included). One query."""
    today = today or timezone.localdate()
    first = _trend_start(today, months)
    rows = (
        _filtered(unit=unit, start=first, end=today)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"), **_SUMS)
    )
    by_month = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        by_month[month] = row
    result, current = [], first
    while current <= today:
        figures = ikm_from_sums(by_month.get(current, {})).as_dict()
        figures["month"] = current.isoformat()
        result.append(figures)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
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


def ikm_note_submission(*, unit_id: int, day: datetime.date) -> None:
    """A submission counted on `day` for the unit: the cached figures of the periods
    that cover that day (for the unit and for all units) no longer match. Called
    after the commit, so a figure computed from now on sees the new row."""
    token = uuid.uuid4().hex
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


def ikm_cached(*, unit: OrgUnit | None = None, service=None, start=None, end=None) -> dict:
    """`ikm_compute` through the cache (see `_cached` for how fresh it is)."""
    return _cached(
        f"{unit.pk if unit else 'all'}:{service.pk if service else 'all'}:{start}:{end}",
        lambda: ikm_compute(unit=unit, service=service, start=start, end=end).as_dict(),
        scope=f"unit:{unit.pk}" if unit else "all",
        first=start,
        last=end,
    )


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last twelve months up to today."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=364), today


def _months_back(today: datetime.date, months: int) -> datetime.date:
    first = today.replace(day=1)
    for _i in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first


def _overview(*, start: datetime.date, end: datetime.date, months: int = 12) -> dict:
    """All units, each unit and the monthly trend from ONE pass over the feedback:
    sums grouped by (unit, month, inside the period); the three views are sums
    of those integer rows, so they equal ikm_compute / ikm_by_unit / ikm_trend
    exactly (which each scanned the same months again)."""
    first = _months_back(end, months)
    lo = min(start, first)
    rows = (
        _filtered(start=lo, end=end)
        .annotate(
            month=TruncMonth("created_at"),
            inside=ExpressionWrapper(Q(created_at__gte=_day_start(start)), output_field=BooleanField()),
        )
        .order_by()
        .values("unit_id", "unit__code", "unit__name", "month", "inside")
        .annotate(n=Count("pk"), **_SUMS)
    )
    keys = ["n", *_SUMS]

    def add(target: dict, row: dict) -> None:
        for key in keys:
            target[key] = target.get(key, 0) + (row[key] or 0)

    overall, units, trend, names = {}, {}, {}, {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        if row["inside"]:
            add(overall, row)
            add(units.setdefault(row["unit_id"], {}), row)
            names[row["unit_id"]] = (row["unit__code"], row["unit__name"])
        if month >= first:
            add(trend.setdefault(month, {}), row)
    by_unit = []
    for unit_id, sums in units.items():
        figures = ikm_from_sums(sums).as_dict()
        figures.update(unit_id=unit_id, code=names[unit_id][0], name=names[unit_id][1])
        by_unit.append(figures)
    by_unit.sort(key=lambda r: (r["sample_warning"], -(r["ikm"] or 0), r["name"]))
    monthly, current = [], first
    while current <= end:
        figures = ikm_from_sums(trend.get(current, {})).as_dict()
        figures["month"] = current.isoformat()
        monthly.append(figures)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "overall": ikm_from_sums(overall).as_dict(),
        "units": by_unit,
        "trend": monthly,
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


def ikm_unit_detail(*, unit: OrgUnit, start=None, end=None) -> dict:
    """One unit's IKM, its services and its trend (cached)."""
    if start is None or end is None:
        start, end = default_period()
    return _cached(
        f"unit:{unit.pk}:{start}:{end}",
        lambda: {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "overall": ikm_compute(unit=unit, start=start, end=end).as_dict(),
            "services": ikm_by_service(unit=unit, start=start, end=end),
            "trend": ikm_trend(unit=unit, today=end),
        },
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
