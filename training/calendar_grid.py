"""Month and week grids for the calendar page (layout only; sessions come from a selector)."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    sessions: list = field(default_factory=list)


def parse_anchor(raw: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def month_range(anchor: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The Monday before the 1st to the Sunday after the last day of the month."""
    first = anchor.replace(day=1)
    last = anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1])
    return first - datetime.timedelta(days=first.weekday()), last + datetime.timedelta(days=6 - last.weekday())


def week_range(anchor: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = anchor - datetime.timedelta(days=anchor.weekday())
    return monday, monday + datetime.timedelta(days=6)


def build_grid(*, start: datetime.date, end: datetime.date, month: int | None, sessions) -> list[list[Day]]:
    """Weeks of days, each day listing the sessions running on it."""
    today = timezone.localdate()
    days = {}
    current = start
    while current <= end:
        days[current] = Day(date=current, in_month=month is None or current.month == month, is_today=current == today)
        current += datetime.timedelta(days=1)
    for session in sessions:
        first = max(timezone.localtime(session.start).date(), start)
        last = min(timezone.localtime(session.end).date(), end)
        current = first
        while current <= last:
            days[current].sessions.append(session)
            current += datetime.timedelta(days=1)
    ordered = list(days.values())
    return [ordered[i : i + 7] for i in range(0, len(ordered), 7)]


def shift_month(anchor: datetime.date, months: int) -> datetime.date:
    index = anchor.year * 12 + anchor.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)
