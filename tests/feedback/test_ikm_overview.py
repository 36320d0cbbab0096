"""The public IKM overview in one pass over the feedback equals, figure by
figure, the three separate computations it replaces (issue 13)."""

import datetime

import pytest
from django.utils import timezone

from feedback.models import Feedback
from feedback.selectors.ikm import _overview, ikm_by_unit, ikm_compute, ikm_trend
from tests.accounts.factories import OrgUnitFactory

from .factories import FeedbackFactory


@pytest.mark.django_db
def test_overview_equals_overall_units_and_trend_computed_separately():
    units = [OrgUnitFactory(serves_public=True) for _ in range(3)]
    today = timezone.localdate()
    start = today - datetime.timedelta(days=200)  # not the first of a month: the trend starts earlier
    for i in range(60):
        day = today - datetime.timedelta(days=(i * 37) % 420)  # some before the period and the trend
        feedback = FeedbackFactory(unit=units[i % 3], **{f"u{k}": 1 + (i * k) % 4 for k in range(1, 10)})
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        Feedback.objects.filter(pk=feedback.pk).update(created_at=at)
    data = _overview(start=start, end=today, months=12)
    assert data["overall"] == ikm_compute(start=start, end=today).as_dict()
    assert data["units"] == ikm_by_unit(start=start, end=today)
    assert data["trend"] == ikm_trend(today=today, months=12)
    assert data["overall"]["responses"] > 0
