"""The status counts of the staff list at city scale: BKPSDM's (the whole city) come
from the worker's snapshot while it is fresh and say how fresh; a unit officer's
are counted at once."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from feedback.models import Feedback, FeedbackStatusCount
from feedback.selectors import feedback_status_counts
from feedback.services import feedback_status_counts_refresh
from tests.accounts.factories import OrgUnitFactory, UserFactory

from .factories import FeedbackFactory, officer_of

pytestmark = pytest.mark.django_db
S = Feedback.Status
LIST = "/feedback/staff/"
LONG_AGO = datetime.date(2020, 1, 1)


def _city(units, n=1):
    for unit in units:
        for _ in range(n):
            FeedbackFactory(unit=unit, status=S.RECEIVED, verify_due=LONG_AGO)  # overdue
            FeedbackFactory(unit=unit, status=S.RECEIVED)
            FeedbackFactory(unit=unit, status=S.VERIFIED, answer_due=LONG_AGO)  # overdue
            FeedbackFactory(unit=unit, status=S.FORWARDED)
            FeedbackFactory(unit=unit, status=S.RESPONDED)
            FeedbackFactory(unit=unit, status=S.CLOSED)


def _without_time(counts):
    return {k: v for k, v in counts.items() if k != "computed_at"}


def test_the_snapshot_equals_the_live_counts_and_says_when_it_was_taken():
    hr = UserFactory(roles=["hr"])
    _city([OrgUnitFactory(), OrgUnitFactory()], n=2)
    live = feedback_status_counts(user=hr)
    assert live["computed_at"] is None
    assert _without_time(live) == {"received": 8, "in_progress": 8, "responded": 4, "overdue": 8}
    assert feedback_status_counts_refresh() > 0
    snapshot = feedback_status_counts(user=hr)
    assert snapshot["computed_at"] is not None
    assert _without_time(snapshot) == _without_time(live)
    assert feedback_status_counts_refresh() == FeedbackStatusCount.objects.count()  # idempotent


def test_hr_reads_the_snapshot_in_one_query_whatever_the_data(django_assert_num_queries):
    hr = UserFactory(roles=["hr"])
    units = [OrgUnitFactory() for _ in range(3)]
    _city(units)
    feedback_status_counts(user=hr)  # roles cached on the user
    feedback_status_counts_refresh()
    with django_assert_num_queries(1):
        feedback_status_counts(user=hr)
    _city(units, n=5)
    feedback_status_counts_refresh()
    with django_assert_num_queries(1):
        assert feedback_status_counts(user=hr)["received"] == 36


def test_a_stale_snapshot_is_not_used(settings):
    hr = UserFactory(roles=["hr"])
    unit = OrgUnitFactory()
    _city([unit])
    feedback_status_counts_refresh()
    FeedbackFactory(unit=unit, status=S.RECEIVED)
    assert feedback_status_counts(user=hr)["received"] == 2  # the snapshot, a minute behind at most
    settings.FEEDBACK_STATUS_COUNTS_MAX_AGE_SECONDS = 60
    FeedbackStatusCount.objects.update(
        computed_at=FeedbackStatusCount.objects.first().computed_at - datetime.timedelta(minutes=2)
    )
    counts = feedback_status_counts(user=hr)
    assert counts["received"] == 3 and counts["computed_at"] is None  # counted at once


def test_a_unit_officer_counts_their_own_unit_at_once():
    a, b = OrgUnitFactory(), OrgUnitFactory()
    _city([a, b])
    feedback_status_counts_refresh()
    FeedbackFactory(unit=a, status=S.RECEIVED)
    counts = feedback_status_counts(user=officer_of(a))
    assert counts["computed_at"] is None
    assert _without_time(counts) == {"received": 3, "in_progress": 2, "responded": 1, "overdue": 2}


def test_the_hr_staff_list_shows_the_snapshot_time_and_keeps_its_query_count(client, django_assert_num_queries):
    client.force_login(UserFactory(roles=["hr"]))
    units = [OrgUnitFactory() for _ in range(2)]
    _city(units)
    feedback_status_counts_refresh()
    client.get(LIST)
    cache.clear()
    # session, user, roles, the page's rows (overdue head: it ends within the page, so
    # no count; then the rest's head), the snapshot's counts (one aggregate), the city's
    # IKM (its key: today's newest submission; the summarised periods and one aggregate
    # of the rest; cleared cache, so a miss), the navbar's employee, the filter form's
    # unit choices.
    with django_assert_num_queries(11):
        html = client.get(LIST).content.decode()
    assert 'id="status-counts-freshness"' in html
    assert "dihitung ulang setiap menit" in html
    _city(units, n=4)
    feedback_status_counts_refresh()
    cache.clear()
    with django_assert_num_queries(11):
        client.get(LIST)


def test_status_counts_are_recounted_every_minute():
    entry = django_settings.CELERY_BEAT_SCHEDULE["feedback-status-counts-refresh"]
    assert entry["task"] == "feedback.status_counts_refresh"
    assert entry["schedule"] <= 60
