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


@pytest.mark.celery_worker
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_opens_the_surveys_when_hr_closes_a_session(celery_worker):
    from django.core import mail

    from evaluation.models import SurveyInvitation
    from tests.accounts.factories import EmployeeFactory
    from tests.training.factories import SessionFactory, in_days, move_session
    from training.services import attendance_mark_all_present, enrollment_create, session_finalize

    standard_questionnaire()
    session = SessionFactory()
    enrollment = enrollment_create(session=session, employee=EmployeeFactory())
    move_session(session, start=in_days(-2), end=in_days(-1, 16))
    for day in session.days.all():
        attendance_mark_all_present(day=day, actor=None)
    session_finalize(session=session, actor=None)  # commits; the hook enqueues evaluation.open_surveys
    wait_until(lambda: SurveyInvitation.objects.filter(session=session).exists(), what="the survey invitation")
    assert SurveyInvitation.objects.get(session=session).enrollment_id == enrollment.pk
    invitation_mail = wait_until(
        lambda: next((m for m in mail.outbox if "pendapat" in m.subject.lower()), None), what="the invitation e-mail"
    )
    assert SurveyInvitation.objects.get(session=session).get_absolute_url() in invitation_mail.body
