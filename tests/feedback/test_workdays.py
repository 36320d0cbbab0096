import datetime

from feedback.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date


def test_weekends_are_not_working_days():
    assert is_working_day(D(2026, 6, 5))  # Friday
    assert not is_working_day(D(2026, 6, 6))  # Saturday
    assert not is_working_day(D(2026, 6, 7))  # Sunday


def test_national_holidays_are_not_working_days():
    assert not is_working_day(D(2026, 8, 17))  # Independence Day, a Monday
    assert not is_working_day(D(2026, 12, 25))  # Christmas, a Friday
    assert not is_working_day(D(2026, 1, 1))


def test_three_working_days_from_friday_end_on_wednesday():
    assert add_working_days(D(2026, 6, 5), 3) == D(2026, 6, 10)


def test_saturday_counts_from_the_next_monday():
    assert add_working_days(D(2026, 6, 6), 3) == D(2026, 6, 10)


def test_a_holiday_inside_the_period_pushes_the_deadline():
    # Fri 14 Aug 2026 + 3 working days: Mon 17 Aug is Independence Day -> Tue, Wed, Thu 20 Aug.
    assert add_working_days(D(2026, 8, 14), 3) == D(2026, 8, 20)


def test_zero_days_is_the_same_day():
    assert add_working_days(D(2026, 6, 6), 0) == D(2026, 6, 6)


def test_working_days_between_skips_weekends_and_holidays():
    assert working_days_between(D(2026, 8, 14), D(2026, 8, 21)) == 4  # 18, 19, 20, 21
    assert working_days_between(D(2026, 8, 21), D(2026, 8, 14)) == 0
