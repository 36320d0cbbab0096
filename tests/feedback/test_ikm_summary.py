"""The IKM summary table (issue 13): closed days and months of the whole city are
summed once by the worker (feedback.ikm_summary_refresh) and read from there; the
figures stay identical to the computation over the feedback rows, a late
submission is counted at once, and the pages say how fresh the summary is."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import timezone

from asn_competency.common.models import OutboxMessage
from feedback.models import Feedback, IkmSum, IkmSumPeriod
from feedback.selectors import ikm_by_service, ikm_by_unit, ikm_compute, ikm_public_overview, ikm_trend
from feedback.selectors.ikm import (
    _overview,
    _sources,
    _unit_detail,
    _usable_periods,
    default_period,
    ikm_by_unit_raw,
    ikm_compute_raw,
    ikm_summary_at,
)
from feedback.services import feedback_submit, ikm_summary_refresh
from tests.accounts.factories import OrgUnitFactory, UserFactory

from .factories import FeedbackFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


@pytest.fixture
def city():
    """Three units (two services each, and feedback without a service) over fifteen
    months, with answers at the edges of days and months in WIB, and some today."""
    units = [OrgUnitFactory(serves_public=True) for _ in range(3)]
    services = {unit.pk: [ServiceFactory(unit=unit), ServiceFactory(unit=unit)] for unit in units}
    today = timezone.localdate()
    moments = []
    for i in range(150):
        day = today - datetime.timedelta(days=(i * 13) % 450)
        hour, minute = [(0, 5), (10, 0), (23, 55)][i % 3]  # just after/before midnight WIB
        moments.append(_at(day, hour, minute))
    moments += [timezone.now()] * 3  # today, never summarised
    rows = []
    for i, moment in enumerate(moments):
        unit = units[i % 3]
        service = (services[unit.pk] + [None])[i % 3 if i % 7 else 2]
        feedback = FeedbackFactory(
            unit=unit, service=service, **{f"u{k}": 1 + (i * k + i // 3) % 4 for k in range(1, 10)}
        )
        feedback.created_at = min(moment, timezone.now())
        rows.append(feedback)
    Feedback.objects.bulk_update(rows, ["created_at"])
    return {"units": units, "services": services, "today": today}


def _periods(today):
    this_month = today.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    return [
        default_period(),  # the pages' default: twelve months up to today
        (today - datetime.timedelta(days=400), today - datetime.timedelta(days=35)),  # partial months only
        (last_month, _month_end(last_month)),  # one closed month exactly
        (this_month, today),  # the open month
        (today, today),  # today only: live
        (None, None),  # all time
        (today - datetime.timedelta(days=3), today - datetime.timedelta(days=1)),  # closed days
        (datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)),  # far beyond the data either way
        (today - datetime.timedelta(days=10), today + datetime.timedelta(days=40)),  # into the future
    ]


def test_summary_figures_equal_the_raw_computation_figure_by_figure(city):
    assert ikm_summary_refresh() > 0
    assert IkmSum.objects.exists()
    today, units = city["today"], city["units"]
    for start, end in _periods(today):
        assert ikm_compute(start=start, end=end) == ikm_compute_raw(start=start, end=end), (start, end)
        assert ikm_by_unit(start=start, end=end) == ikm_by_unit_raw(start=start, end=end), (start, end)
        for unit in units:
            assert ikm_compute(unit=unit, start=start, end=end) == ikm_compute_raw(unit=unit, start=start, end=end)
            for service in city["services"][unit.pk]:
                figures = ikm_compute(unit=unit, service=service, start=start, end=end)
                assert figures == ikm_compute_raw(unit=unit, service=service, start=start, end=end)
    start, end = default_period()
    assert ikm_summary_at(start=start, end=end) is not None  # the summary was read
    assert ikm_compute(start=start, end=end).responses > 0


def test_overview_unit_detail_services_and_trend_equal_the_raw_computation(city):
    ikm_summary_refresh()
    today, unit = city["today"], city["units"][0]
    start = today - datetime.timedelta(days=200)  # mid-month: partial months read by day
    data = _overview(start=start, end=today)
    assert data["overall"] == ikm_compute_raw(start=start, end=today).as_dict()
    assert data["units"] == ikm_by_unit_raw(start=start, end=today)
    assert data["summary_at"] is not None
    for row in data["trend"]:
        month = datetime.date.fromisoformat(row["month"])
        raw = ikm_compute_raw(start=month, end=min(_month_end(month), today)).as_dict()
        assert {k: v for k, v in row.items() if k != "month"} == raw, month
    assert data["trend"] == ikm_trend(today=today)
    detail = _unit_detail(unit=unit, start=start, end=today)
    assert detail["overall"] == ikm_compute_raw(unit=unit, start=start, end=today).as_dict()
    assert detail["services"] == ikm_by_service(unit=unit, start=start, end=today)
    for row in detail["services"]:
        service = next(s for s in city["services"][unit.pk] if s.name == row["name"])
        raw = ikm_compute_raw(unit=unit, service=service, start=start, end=today).as_dict()
        assert {k: v for k, v in row.items() if k != "name"} == raw
    assert detail["trend"] == ikm_trend(unit=unit, today=today)


def test_closed_months_are_read_whole_partial_months_by_day_and_today_live(city):
    ikm_summary_refresh()
    today = city["today"]
    start = (today.replace(day=1) - datetime.timedelta(days=100)).replace(day=20)
    src = _sources(start, today, _usable_periods(start, today))
    assert src.months and all(m.day == 1 and m > start for m in src.months)
    assert src.days[0] == start  # the partial first month, day by day
    assert src.live[-1] == (today, today)  # today is never summarised
    if today.day > 2:  # the running month's closed days so far: one set of rows
        assert src.to_date == [today.replace(day=1)]
        assert not [d for d in src.days if d >= today.replace(day=1)]


def test_a_period_of_centuries_walks_only_the_summarised_days(city, django_assert_max_num_queries):
    ikm_summary_refresh()
    start, end = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)
    src = _sources(start, end, _usable_periods(start, end))
    assert src.live[0][0] == start and src.live[-1][1] == end
    assert len(src.months) + len(src.days) < 500  # fifteen months of data, not 400,000 days
    with django_assert_max_num_queries(3):
        figures = ikm_compute(start=start, end=end)
    assert figures == ikm_compute_raw(start=start, end=end)


def test_today_and_periods_within_the_grace_time_are_not_summarised(city, settings):
    settings.FEEDBACK_IKM_SUMMARY_GRACE_SECONDS = 2 * 86400
    ikm_summary_refresh()
    today = city["today"]
    summarised = set(IkmSumPeriod.objects.values_list("kind", "day"))
    assert ("day", today) not in summarised
    assert ("day", today - datetime.timedelta(days=1)) not in summarised  # ended less than two days ago
    assert ("day", today - datetime.timedelta(days=3)) in summarised
    assert ("month", today.replace(day=1)) not in summarised


def _rows():
    fields = ["kind", "day", "unit_id", "service_id", "responses", *[f"sum_u{i}" for i in range(1, 10)]]
    return sorted(IkmSum.objects.values_list(*fields), key=lambda row: tuple(v or 0 for v in row[2:]) + row[:2])


def test_refresh_is_idempotent(city):
    first = ikm_summary_refresh()
    rows = _rows()
    assert ikm_summary_refresh() == 0  # nothing missing or dirty
    assert ikm_summary_refresh(full=True) == first  # everything again, the same sums
    assert _rows() == rows


def test_a_late_submission_is_counted_at_once_and_its_periods_are_recomputed(
    city, settings, django_capture_on_commit_callbacks
):
    settings.FEEDBACK_OFFLINE_MAX_AGE_DAYS = 7
    ikm_summary_refresh()
    unit, today = city["units"][1], city["today"]
    day = today - datetime.timedelta(days=3)  # a closed, summarised day (an offline device)
    month = day.replace(day=1)
    before = ikm_compute(unit=unit, start=day, end=day).responses
    with django_capture_on_commit_callbacks(execute=False):
        feedback_submit(
            unit=unit,
            scores={f"U{i}": 1 for i in range(1, 10)},
            kind="complaint",
            message="Antrean terlalu panjang pagi ini.",
            anonymous=True,
            submitted_at=_at(day, 9),
        )
    # Its day and month are read from the feedback rows again, at once...
    dirty = {("day", day), ("month", month), ("mtd", month)}  # the day, its month, its month so far
    assert set(IkmSumPeriod.objects.filter(dirty=True).values_list("kind", "day")) == dirty
    assert ikm_compute(unit=unit, start=day, end=day).responses == before + 1
    assert ikm_compute(start=month, end=_month_end(month)) == ikm_compute_raw(start=month, end=_month_end(month))
    # ...and the worker is asked (through the outbox) to recompute them.
    assert OutboxMessage.objects.filter(task="feedback.ikm_summary_refresh").exists()
    # the day, and its month (closed) or the running month's closed days so far
    assert ikm_summary_refresh() == 2
    assert not IkmSumPeriod.objects.get(kind="day", day=day).dirty
    assert ikm_compute(unit=unit, start=day, end=day).responses == before + 1
    assert ikm_by_unit(start=month, end=today) == ikm_by_unit_raw(start=month, end=today)


def test_a_submission_of_today_touches_no_summary_period(city, django_capture_on_commit_callbacks):
    ikm_summary_refresh()
    with django_capture_on_commit_callbacks(execute=True):
        feedback_submit(
            unit=city["units"][0],
            scores={f"U{i}": 4 for i in range(1, 10)},
            kind="compliment",
            message="Pelayanan cepat dan ramah sekali.",
            anonymous=True,
        )
    assert not IkmSumPeriod.objects.filter(dirty=True).exists()
    assert not OutboxMessage.objects.filter(task="feedback.ikm_summary_refresh").exists()


def test_query_counts_with_the_summary_do_not_grow_with_data(city, django_assert_num_queries):
    ikm_summary_refresh()
    start, end = default_period()
    # the summarised periods; one GROUP BY unit over the summary rows of the closed
    # months and days; one over the feedback rows of today.
    with django_assert_num_queries(3):
        ikm_by_unit(start=start, end=end)
    more = [FeedbackFactory(unit=unit) for unit in city["units"] * 10]
    for i, feedback in enumerate(more):
        feedback.created_at = _at(end - datetime.timedelta(days=2 + i * 17 % 300))
    Feedback.objects.bulk_update(more, ["created_at"])
    ikm_summary_refresh(full=True)
    with django_assert_num_queries(3):
        rows = ikm_by_unit(start=start, end=end)
    assert rows == ikm_by_unit_raw(start=start, end=end)
    # The public overview: the periods, units and trend each from the summary and the rows of today.
    with django_assert_num_queries(5):
        _overview(start=start, end=end)


def test_the_pages_say_how_fresh_the_summary_is(city, client):
    ikm_summary_refresh()
    cache.clear()
    html = client.get("/feedback/ikm/").content.decode()
    assert 'id="ikm-summary-freshness"' in html
    assert "tabel ringkasan" in html  # Indonesian first
    assert ikm_public_overview()["summary_at"] is not None
    client.force_login(UserFactory(roles=["hr"]))
    html = client.get("/feedback/staff/").content.decode()
    assert 'id="ikm-summary-freshness"' in html


def test_summary_refresh_is_scheduled_every_few_minutes():
    entry = django_settings.CELERY_BEAT_SCHEDULE["feedback-ikm-summary-refresh"]
    assert entry["task"] == "feedback.ikm_summary_refresh"
    assert entry["schedule"] <= 300


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_summary_refresh_runs_on_a_real_worker(celery_worker):
    from feedback.tasks import ikm_summary_refresh as task

    unit = OrgUnitFactory()
    feedback = FeedbackFactory(unit=unit, **{f"u{i}": 4 for i in range(1, 10)})
    Feedback.objects.filter(pk=feedback.pk).update(created_at=_at(timezone.localdate() - datetime.timedelta(days=40)))
    assert task.delay().get(timeout=60) > 0
    assert IkmSum.objects.filter(unit=unit, kind="day").get().responses == 1
    start = timezone.localdate() - datetime.timedelta(days=60)
    assert ikm_summary_at(start=start, end=timezone.localdate()) is not None
    assert ikm_compute(unit=unit, start=start, end=timezone.localdate()).ikm == 100


def test_after_a_bulk_write_the_summary_is_invalidated_and_figures_read_live(city):
    from feedback.services import ikm_summary_invalidate

    ikm_summary_refresh()
    unit, day = city["units"][2], city["today"] - datetime.timedelta(days=40)
    extra = FeedbackFactory(unit=unit)
    Feedback.objects.filter(pk=extra.pk).update(created_at=_at(day))  # as seeding or an import would
    assert ikm_summary_invalidate() > 0
    start, end = default_period()
    assert ikm_summary_at(start=start, end=end) is None  # nothing summarised is used
    assert ikm_by_unit(start=start, end=end) == ikm_by_unit_raw(start=start, end=end)
    assert ikm_summary_refresh() > 0
    assert ikm_by_unit(start=start, end=end) == ikm_by_unit_raw(start=start, end=end)


def test_the_api_says_when_the_summary_it_used_was_computed(city):
    from rest_framework.test import APIClient

    api = APIClient()
    start = (city["today"] - datetime.timedelta(days=90)).isoformat()
    assert api.get("/api/v1/feedback/ikm/", {"start": start}).json()["summary_at"] is None  # all counted live
    ikm_summary_refresh()
    cache.clear()
    body = api.get("/api/v1/feedback/ikm/", {"start": start}).json()
    assert body["summary_at"] is not None
    assert body["responses"] == ikm_compute_raw(start=datetime.date.fromisoformat(start)).responses


def test_the_running_months_closed_days_are_summed_together_up_to_the_last_closed_day(city, settings):
    today = city["today"]
    if today.day < 3:
        pytest.skip("needs two closed days in the running month")
    month = today.replace(day=1)
    settings.FEEDBACK_IKM_SUMMARY_GRACE_SECONDS = 86400 + 600  # yesterday has not closed yet
    ikm_summary_refresh()
    assert IkmSumPeriod.objects.get(kind="mtd", day=month).through == today - datetime.timedelta(days=2)
    assert ikm_compute(start=month, end=today) == ikm_compute_raw(start=month, end=today)
    settings.FEEDBACK_IKM_SUMMARY_GRACE_SECONDS = 600  # now it has: yesterday and the month so far again
    assert ikm_summary_refresh() == 2
    assert IkmSumPeriod.objects.get(kind="mtd", day=month).through == today - datetime.timedelta(days=1)
    src = _sources(month, today, _usable_periods(month, today))
    assert src.to_date == [month] and src.days == [] and src.live == [(today, today)]
    assert ikm_compute(start=month, end=today) == ikm_compute_raw(start=month, end=today)
    assert ikm_by_unit(start=month, end=today) == ikm_by_unit_raw(start=month, end=today)
