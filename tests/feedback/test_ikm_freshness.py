"""How fresh the IKM figures are: a period that includes today shows a new
submission at once (and is never more than a minute old); a closed period stays
cached until a late submission into it."""

import datetime
import time

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from feedback.models import Feedback
from feedback.selectors import ikm_cached, ikm_public_overview, ikm_unit_detail
from feedback.services import feedback_submit
from tests.accounts.factories import OrgUnitFactory

from .factories import FeedbackFactory

pytestmark = pytest.mark.django_db
IKM_URL = "/api/v1/feedback/ikm/"


def _submit(unit, **extra):
    return feedback_submit(
        unit=unit,
        scores={f"U{i}": 4 for i in range(1, 10)},
        kind="suggestion",
        message="Mohon tambah kursi di ruang tunggu.",
        anonymous=True,
        **extra,
    )


def _last_month():
    first_of_this = timezone.localdate().replace(day=1)
    last = first_of_this - datetime.timedelta(days=1)
    return last.replace(day=1), last


def _dated(feedback, day):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    Feedback.objects.filter(pk=feedback.pk).update(created_at=moment)


def test_an_api_client_that_posts_then_reads_back_sees_its_submission(django_capture_on_commit_callbacks):
    unit = OrgUnitFactory(code="dinkes-uji")
    api = APIClient()
    today = timezone.localdate().isoformat()
    queries = [{}, {"unit": unit.code}, {"unit": unit.code, "start": today, "end": today}, {"end": today}]
    for query in queries:  # primes the cache with zero responses
        assert api.get(IKM_URL, query).json()["responses"] == 0
    payload = {
        "unit": unit.code,
        "scores": {f"U{i}": 3 for i in range(1, 10)},
        "kind": "suggestion",
        "message": "Mohon sediakan antrean daring.",
        "anonymous": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post("/api/v1/feedback/", payload, format="json").status_code == 201
    for query in queries:
        body = api.get(IKM_URL, query).json()
        assert body["responses"] == 1, query
        assert body["computed_at"]


def test_the_pages_of_a_period_including_today_show_a_new_submission_at_once(
    client, django_capture_on_commit_callbacks
):
    unit = OrgUnitFactory(name="Puskesmas Uji")
    assert ikm_public_overview()["overall"]["responses"] == 0
    assert ikm_unit_detail(unit=unit)["overall"]["responses"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        _submit(unit)
    assert ikm_public_overview()["overall"]["responses"] == 1
    assert ikm_unit_detail(unit=unit)["overall"]["responses"] == 1
    html = client.get("/feedback/ikm/").content.decode()
    assert "tanggapan baru tampil dalam satu menit" in html


def test_figures_of_a_period_including_today_are_at_most_the_live_timeout_old(settings):
    """A row of today shows at once however it was written (the key of an open
    period holds today's newest submission, read from the database). A row of an
    earlier day that reached the database without the service (as an import
    would) shows once the live timeout has passed; here one second instead of sixty."""
    settings.FEEDBACK_IKM_LIVE_CACHE_SECONDS = 1
    unit = OrgUnitFactory()
    assert ikm_cached(unit=unit)["responses"] == 0
    FeedbackFactory(unit=unit)
    assert ikm_cached(unit=unit)["responses"] == 1  # today's: at once, without the service
    _dated(FeedbackFactory(unit=unit), timezone.localdate() - datetime.timedelta(days=1))
    assert ikm_cached(unit=unit)["responses"] == 1  # yesterday's, not through the service: cached
    time.sleep(1.1)
    assert ikm_cached(unit=unit)["responses"] == 2


def test_a_closed_period_stays_cached_until_a_late_submission_into_it(
    client, settings, django_capture_on_commit_callbacks
):
    settings.FEEDBACK_IKM_LIVE_CACHE_SECONDS = 1
    unit, other = OrgUnitFactory(), OrgUnitFactory()
    start, end = _last_month()
    _dated(FeedbackFactory(unit=unit), start)
    assert ikm_cached(unit=unit, start=start, end=end)["responses"] == 1
    assert ikm_cached(start=start, end=end)["responses"] == 1
    computed_at = ikm_cached(unit=unit, start=start, end=end)["computed_at"]
    # A row that reaches the database without the service (as an import would) is not seen...
    _dated(FeedbackFactory(unit=unit), start)
    # ...nor does today's submission touch the closed period.
    with django_capture_on_commit_callbacks(execute=True):
        _submit(unit)
    time.sleep(1.1)  # longer than the live timeout: closed periods are kept longer
    assert ikm_cached(unit=unit, start=start, end=end)["computed_at"] == computed_at
    assert ikm_cached(unit=unit, start=start, end=end)["responses"] == 1
    page = client.get("/feedback/ikm/", {"start": start.isoformat(), "end": end.isoformat()}).content.decode()
    assert "pengisian yang terlambat untuk periode ini memperbaruinya" in page

    # A late submission (made on a day of last month on a device that was offline).
    settings.FEEDBACK_OFFLINE_MAX_AGE_DAYS = 62
    late = timezone.make_aware(datetime.datetime.combine(end, datetime.time(16, 0)))
    with django_capture_on_commit_callbacks(execute=True):
        _submit(unit, submitted_at=late)
    assert ikm_cached(unit=unit, start=start, end=end)["responses"] == 3
    assert ikm_cached(start=start, end=end)["responses"] == 3
    # Another unit's closed figures are not dropped by it.
    _dated(FeedbackFactory(unit=other), start)
    assert ikm_cached(unit=other, start=start, end=end)["responses"] == 1
    _dated(FeedbackFactory(unit=other), start)
    with django_capture_on_commit_callbacks(execute=True):
        _submit(unit, submitted_at=late)
    assert ikm_cached(unit=other, start=start, end=end)["responses"] == 1
    assert ikm_cached(unit=unit, start=start, end=end)["responses"] == 4
