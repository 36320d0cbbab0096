"""The whole worker killed (kill -9 of its process group) while a report runs: the
run's lease expires, the next request queues it again, another worker finishes
it, and exactly one complete report results."""

import datetime
import time

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from evaluation.models import ReportRow, ReportRun, RevisionReport
from evaluation.selectors import period_bounds
from tests.accounts.factories import UserFactory
from tests.evaluation.factories import completed_enrollment, invitation_for, response_with, standard_questionnaire
from tests.training.factories import ProgramFactory, SessionFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.celery_worker]

LEASE = 2  # seconds; production: EVALUATION_REPORT_LEASE_SECONDS (120)


def wait_until(predicate, timeout=60.0, what=""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def last_month_with_responses():
    day = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    start, _end = period_bounds(kind="month", day=day)
    questionnaire = standard_questionnaire()
    end = timezone.make_aware(datetime.datetime.combine(start + datetime.timedelta(days=5), datetime.time(16)))
    session = SessionFactory(program=ProgramFactory(), start=end - datetime.timedelta(days=1), end=end)
    for score in (5, 4, 4, 3, 5):
        enrollment = completed_enrollment(session=session)
        response_with(invitation_for(enrollment, questionnaire=questionnaire), dict.fromkeys(
            ["content", "trainer", "organisation", "facilities", "relevance"], score))  # fmt: skip
    return start


def test_a_run_whose_worker_was_killed_is_finished_by_another_worker(transactional_db, settings, worker_process):
    settings.EVALUATION_REPORT_LEASE_SECONDS = LEASE
    start = last_month_with_responses()
    staff = APIClient()
    staff.force_authenticate(UserFactory(roles=["hr"]))
    body = {"period": "month", "day": start.isoformat()}

    requested = staff.post("/api/v1/evaluation/reports/run/", body)
    assert requested.status_code == 202
    run_id, report_id = requested.json()["run"], requested.json()["report"]
    first = worker_process(EVALUATION_REPORT_LEASE_SECONDS=LEASE)
    with transaction.atomic():
        # Hold the report's row lock: the worker computes, then waits at "saving" (90%).
        RevisionReport.objects.select_for_update().get(pk=report_id)
        first.start()
        wait_until(lambda: ReportRun.objects.get(pk=run_id).percent == 90, what=f"90%\n{first.log_tail()}")
        first.kill()
    dead = ReportRun.objects.get(pk=run_id)
    assert (dead.status, dead.attempt) == (ReportRun.Status.RUNNING, 1)  # what the operator saw: "running 90%"

    second = worker_process(EVALUATION_REPORT_LEASE_SECONDS=LEASE).start()
    time.sleep(LEASE + 0.5)  # no heartbeat any more: the lease expires
    again = staff.post("/api/v1/evaluation/reports/run/", body)  # the next request
    assert again.status_code == 202 and again.json()["run"] == run_id
    wait_until(
        lambda: ReportRun.objects.get(pk=run_id).status == ReportRun.Status.DONE, what=f"done\n{second.log_tail()}"
    )
    run = ReportRun.objects.get(pk=run_id)
    assert (run.attempt, run.percent) == (2, 100)
    assert ReportRun.objects.filter(report_id=report_id).count() == 1
    assert RevisionReport.objects.get(pk=report_id).current_run_id == run_id
    # One program row and one session row, written once.
    assert ReportRow.objects.filter(run=run).count() == 2
