"""A late submission and the worker's recomputation of the same summarised day, at
the same moment: the period row's lock orders them, so the submission is either in
the recomputed sums or leaves the period dirty, never lost (PostgreSQL, real
threads with their own connections)."""

import datetime
import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from feedback.models import IkmSum, IkmSumPeriod
from feedback.selectors.ikm import ikm_compute, ikm_compute_raw
from feedback.services import feedback_submit, ikm_summary_period_refresh, ikm_summary_refresh
from tests.accounts.factories import OrgUnitFactory

from .factories import FeedbackFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_refresh_during_an_uncommitted_late_submission_waits_for_it_and_counts_it(settings):
    settings.FEEDBACK_OFFLINE_MAX_AGE_DAYS = 7
    unit = OrgUnitFactory(serves_public=True)
    day = timezone.localdate() - datetime.timedelta(days=2)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    old = FeedbackFactory(unit=unit)
    type(old).objects.filter(pk=old.pk).update(created_at=moment)
    ikm_summary_refresh()
    assert IkmSum.objects.get(kind="day", day=day, unit=unit).responses == 1

    submitted, release, refreshed = threading.Event(), threading.Event(), threading.Event()
    errors = []

    def submit():
        try:
            with transaction.atomic():
                feedback_submit(
                    unit=unit,
                    scores={f"U{i}": 2 for i in range(1, 10)},
                    kind="complaint",
                    message="Petugas loket datang terlambat.",
                    anonymous=True,
                    submitted_at=moment,
                )
                submitted.set()
                release.wait(10)  # hold the transaction (and the period rows) open
        except Exception as exc:  # noqa: BLE001  (reported to the test thread)
            errors.append(exc)
        finally:
            connection.close()

    def refresh():
        try:
            assert ikm_summary_period_refresh(kind="day", day=day)
            refreshed.set()
        except Exception as exc:  # noqa: BLE001  (reported to the test thread)
            errors.append(exc)
        finally:
            connection.close()

    submitter = threading.Thread(target=submit)
    submitter.start()
    assert submitted.wait(10)
    worker = threading.Thread(target=refresh)
    worker.start()
    time.sleep(0.5)
    assert not refreshed.is_set()  # waits for the submission's lock on the period row
    release.set()
    submitter.join(10)
    worker.join(10)
    assert not errors, errors
    assert refreshed.is_set()
    # Recomputed after the submission committed: counted, and the day is clean again.
    assert IkmSum.objects.get(kind="day", day=day, unit=unit).responses == 2
    assert not IkmSumPeriod.objects.get(kind="day", day=day).dirty
    assert ikm_compute(unit=unit, start=day, end=day) == ikm_compute_raw(unit=unit, start=day, end=day)
