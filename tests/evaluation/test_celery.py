"""A real Celery worker on Redis computes a report requested through the service."""

import datetime

import pytest

from evaluation import services
from evaluation.models import ReportRow, ReportRun, RevisionReport
from tests.training.factories import ProgramFactory
from tests.utils import wait_until

from .factories import completed_enrollment, invitation_for, response_with, standard_questionnaire
from .test_reports import S1, _period, _session


@pytest.mark.celery_worker
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_generates_the_report_and_a_rerun_replaces_it(celery_worker):
    questionnaire = standard_questionnaire()
    start, _end = _period()
    session = _session(ProgramFactory(), start + datetime.timedelta(days=2))
    for values in S1:
        response_with(invitation_for(completed_enrollment(session=session), questionnaire=questionnaire), values)

    for _attempt in range(2):
        run = services.report_request(period_kind="month", day=start)  # enqueued on commit (autocommit here)

        def finished(run=run):
            run.refresh_from_db()
            return run.status in (ReportRun.Status.DONE, ReportRun.Status.FAILED)

        wait_until(finished, timeout=30, what="the report run to finish")
        assert run.status == ReportRun.Status.DONE
        assert run.percent == 100
    report = RevisionReport.objects.get()
    assert report.current_run_id == run.pk
    assert ReportRow.objects.filter(run=run).count() == 2  # program row + session row
    assert ReportRow.objects.count() == 2  # the first run's rows were replaced
