"""IKM figures on hand-computed data sets (PermenPANRB 14/2017)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from feedback.models import Feedback
from feedback.selectors import ikm_by_service, ikm_by_unit, ikm_category, ikm_compute, ikm_trend
from tests.accounts.factories import OrgUnitFactory

from .factories import FeedbackFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def answers(*rows, unit, service=None, created=None):
    for row in rows:
        feedback = FeedbackFactory(unit=unit, service=service, **{f"u{i}": v for i, v in enumerate(row, start=1)})
        if created is not None:
            Feedback.objects.filter(pk=feedback.pk).update(created_at=created)


def responses_with_total(*, unit, n: int, total: int):
    """n responses whose 9n answers sum to `total` (each answer 1-4)."""
    remaining = total - 9 * n
    for _ in range(n):
        row = []
        for _element in range(9):
            extra = min(3, remaining)
            remaining -= extra
            row.append(1 + extra)
        answers(row, unit=unit)
    assert remaining == 0


def test_nrr_per_element_and_ikm_with_exact_ninth_weights():
    unit = OrgUnitFactory()
    answers(
        (4, 3, 3, 2, 4, 4, 4, 3, 3),
        (3, 3, 2, 2, 4, 4, 4, 3, 3),
        (3, 2, 3, 1, 4, 3, 4, 2, 3),
        (4, 3, 2, 3, 4, 3, 4, 2, 4),
        unit=unit,
    )
    result = ikm_compute(unit=unit)
    assert result.responses == 4
    assert [e["nrr"] for e in result.elements] == [3.5, 2.75, 2.5, 2.0, 4.0, 3.5, 4.0, 2.5, 3.25]
    # Sum of NRR = 28; IKM = 25 x 28 / 9 = 77.777... -> 77.78 (the rounded weight 0.111 would give 77.70).
    assert result.ikm == Decimal("77.78")
    assert (result.category, result.label) == ("B", "Baik")


def test_all_fours_is_one_hundred_and_all_ones_is_twenty_five():
    best, worst = OrgUnitFactory(), OrgUnitFactory()
    answers((4,) * 9, (4,) * 9, unit=best)
    answers((1,) * 9, unit=worst)
    assert ikm_compute(unit=best).ikm == Decimal("100.00")
    assert ikm_compute(unit=best).category == "A"
    assert ikm_compute(unit=worst).ikm == Decimal("25.00")
    assert ikm_compute(unit=worst).label == "Tidak Baik"


@pytest.mark.parametrize(
    ("n", "total", "ikm", "category"),
    [
        (24, 763, "88.31", "A"),  # 88.3101... lowest A
        (19, 604, "88.30", "B"),  # 88.3040... highest B
        (19, 524, "76.61", "B"),  # 76.6081... lowest B
        (26, 717, "76.60", "C"),  # 76.6025... highest C
        (5, 117, "65.00", "C"),  # exactly 65: lowest C
        (38, 889, "64.99", "D"),  # 64.9853... highest D
    ],
)
def test_category_boundaries_on_real_data(n, total, ikm, category):
    unit = OrgUnitFactory()
    responses_with_total(unit=unit, n=n, total=total)
    result = ikm_compute(unit=unit)
    assert result.responses == n
    assert result.ikm == Decimal(ikm)
    assert result.category == category


def test_rounding_is_half_up_on_exact_decimals():
    # 8 responses summing to 81: 25 x 81 / 72 = 28.125 exactly; half up gives 28.13
    # (binary floating point with round() would give 28.12).
    unit = OrgUnitFactory()
    responses_with_total(unit=unit, n=8, total=81)
    assert ikm_compute(unit=unit).ikm == Decimal("28.13")


@pytest.mark.parametrize(
    ("value", "letter", "label"),
    [
        ("100.00", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.30", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("25.00", "D", "Tidak Baik"),
    ],
)
def test_category_table(value, letter, label):
    assert ikm_category(Decimal(value)) == (letter, label)


def test_no_responses_gives_no_figure():
    result = ikm_compute(unit=OrgUnitFactory())
    assert result.responses == 0
    assert result.ikm is None and result.category is None
    assert all(e["nrr"] is None for e in result.elements)


def test_sample_warning_below_the_configured_minimum(settings):
    settings.FEEDBACK_IKM_MIN_SAMPLE = 3
    unit = OrgUnitFactory()
    answers((3,) * 9, (3,) * 9, unit=unit)
    assert ikm_compute(unit=unit).sample_warning is True
    answers((3,) * 9, unit=unit)
    assert ikm_compute(unit=unit).sample_warning is False


def test_filters_by_service_and_period():
    unit = OrgUnitFactory()
    ktp, kk = ServiceFactory(unit=unit), ServiceFactory(unit=unit)
    march = datetime.datetime(2026, 3, 10, 10, tzinfo=timezone.get_current_timezone())
    may = datetime.datetime(2026, 5, 10, 10, tzinfo=timezone.get_current_timezone())
    answers((4,) * 9, unit=unit, service=ktp, created=march)
    answers((2,) * 9, unit=unit, service=kk, created=may)
    assert ikm_compute(unit=unit, service=ktp).ikm == Decimal("100.00")
    assert ikm_compute(unit=unit, service=kk).ikm == Decimal("50.00")
    assert ikm_compute(unit=unit, start=datetime.date(2026, 4, 1)).ikm == Decimal("50.00")
    assert ikm_compute(unit=unit, end=datetime.date(2026, 3, 10)).ikm == Decimal("100.00")
    assert ikm_compute(unit=unit).ikm == Decimal("75.00")
    by_service = {row["name"]: row["ikm"] for row in ikm_by_service(unit=unit)}
    assert by_service == {ktp.name: 100.0, kk.name: 50.0}


def test_period_dates_are_counted_in_jakarta_time():
    unit = OrgUnitFactory()
    # 31 March 2026 23:30 WIB is 16:30 UTC the same day; 1 April 00:30 WIB is still 31 March in UTC.
    late_march = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=timezone.get_current_timezone())
    early_april = datetime.datetime(2026, 4, 1, 0, 30, tzinfo=timezone.get_current_timezone())
    answers((4,) * 9, unit=unit, created=late_march)
    answers((1,) * 9, unit=unit, created=early_april)
    april = ikm_compute(unit=unit, start=datetime.date(2026, 4, 1), end=datetime.date(2026, 4, 30))
    assert april.responses == 1
    assert april.ikm == Decimal("25.00")


def test_by_unit_ranks_units_in_a_constant_number_of_queries(django_assert_num_queries):
    good, poor = OrgUnitFactory(name="Unit Baik"), OrgUnitFactory(name="Unit Kurang")
    answers((4,) * 9, unit=good)
    answers((2,) * 9, (3,) * 9, unit=poor)
    # no start: the oldest feedback's day (created_at index); the summarised periods (none
    # yet); one GROUP BY unit with the nine sums over the feedback rows
    # (tests/feedback/test_ikm_summary.py: the same with the summary table)
    with django_assert_num_queries(3):
        rows = ikm_by_unit()
    assert [(r["code"], r["ikm"], r["responses"]) for r in rows] == [(good.code, 100.0, 1), (poor.code, 62.5, 2)]


def test_trend_has_every_month_and_gaps_for_months_without_responses():
    unit = OrgUnitFactory()
    today = datetime.date(2026, 6, 15)
    answers((4,) * 9, unit=unit, created=datetime.datetime(2026, 6, 1, 9, tzinfo=timezone.get_current_timezone()))
    answers((2,) * 9, unit=unit, created=datetime.datetime(2026, 4, 30, 9, tzinfo=timezone.get_current_timezone()))
    trend = ikm_trend(unit=unit, months=3, today=today)
    assert [(row["month"], row["ikm"]) for row in trend] == [
        ("2026-04-01", 50.0),
        ("2026-05-01", None),
        ("2026-06-01", 100.0),
    ]


def test_units_with_a_sufficient_sample_are_ranked_first(settings):
    settings.FEEDBACK_IKM_MIN_SAMPLE = 2
    small, large = OrgUnitFactory(name="Unit Kecil"), OrgUnitFactory(name="Unit Besar")
    answers((4,) * 9, unit=small)
    answers((3,) * 9, (3,) * 9, unit=large)
    assert [r["code"] for r in ikm_by_unit()] == [large.code, small.code]


def test_by_unit_limited_gives_the_best_units_of_the_full_ranking_and_one_unit_narrows_in_sql(settings):
    settings.FEEDBACK_IKM_MIN_SAMPLE = 2
    units = [OrgUnitFactory(name=f"Unit {name}") for name in "ABCDE"]
    answers((4,) * 9, unit=units[0])  # the best IKM, but too few answers: ranked after the others
    answers((3,) * 9, (3,) * 9, unit=units[1])
    answers((2,) * 9, (4,) * 9, unit=units[2])  # the same IKM as B: by name
    answers((1,) * 9, (2,) * 9, unit=units[3])
    answers((4,) * 9, (3,) * 9, unit=units[4])
    full = ikm_by_unit()
    assert [r["name"] for r in full] == ["Unit E", "Unit B", "Unit C", "Unit D", "Unit A"]
    for limit in (1, 2, 3, 5, 9):
        assert ikm_by_unit(limit=limit) == full[:limit]
    assert ikm_by_unit(unit=units[2]) == [full[2]]
