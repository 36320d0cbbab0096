"""Working days of Pemkot Medan: Monday to Friday except Indonesian national
holidays (from the `holidays` package, which follows the government's decrees)."""

import datetime
from functools import lru_cache

import holidays
from django.utils import translation


@lru_cache(maxsize=32)
def _holidays_of(year: int) -> frozenset:
    return frozenset(holidays.Indonesia(years=year).keys())


@lru_cache(maxsize=32)
def _holiday_names_of(year: int, language: str) -> dict:
    return dict(holidays.Indonesia(years=year, language=language))


def national_holiday(day: datetime.date) -> str | None:
    """The name of the national holiday on `day` in the active language (Indonesian
    or English), None on an ordinary day."""
    language = "en_US" if (translation.get_language() or "id").startswith("en") else "id"
    return _holiday_names_of(day.year, language).get(day)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (start itself not counted).

    A complaint received on Friday with 3 working days is due on Wednesday;
    one received on Saturday is due on Wednesday as well.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count
