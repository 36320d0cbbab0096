"""Reporting periods: a month, a quarter or a year, as local dates and aware bounds."""

import datetime

from django.utils import timezone

from ..models import RevisionReport

Period = RevisionReport.Period


def period_bounds(*, kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period of `kind` containing `day`: (first day, first day after)."""
    if kind == Period.MONTH:
        start = day.replace(day=1)
        end = (start + datetime.timedelta(days=32)).replace(day=1)
    elif kind == Period.QUARTER:
        start = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        end = (start + datetime.timedelta(days=95)).replace(day=1)
    elif kind == Period.YEAR:
        start = day.replace(month=1, day=1)
        end = start.replace(year=start.year + 1)
    else:
        raise ValueError(kind)
    return start, end


def previous_period(*, kind: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    start, _end = period_bounds(kind=kind, day=today)
    return period_bounds(kind=kind, day=start - datetime.timedelta(days=1))


def aware_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Local (Asia/Jakarta) midnights of two dates."""
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz),
        timezone.make_aware(datetime.datetime.combine(end, datetime.time.min), tz),
    )
