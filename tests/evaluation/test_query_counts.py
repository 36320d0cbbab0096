"""Pages and API answers make the same number of queries whatever the data size."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from evaluation import services
from evaluation.models import RevisionReport
from tests.accounts.factories import UserFactory
from tests.training.factories import ProgramFactory

from .factories import completed_enrollment, invitation_for, response_with
from .test_reports import S1, _period, _session


def _programs(n, questionnaire, start):
    """n programs with one low-scoring session each (so every program has findings)."""
    for i in range(n):
        session = _session(ProgramFactory(), start + datetime.timedelta(days=1 + i % 20))
        for values in S1:
            response_with(invitation_for(completed_enrollment(session=session), questionnaire=questionnaire),
                          {**values, "content": 2})  # fmt: skip


def _report(start):
    run = services.report_request(period_kind="month", day=start, enqueue=False)
    return services.report_run_execute(run_id=run.pk).report


@pytest.mark.parametrize("size", [1, 6])
def test_report_detail_queries_do_not_grow(client, questionnaire, django_assert_num_queries, size):
    client.force_login(UserFactory(roles=["hr"]))
    start, _end = _period()
    _programs(size, questionnaire, start)
    report = _report(start)
    # session, user, roles, the menu's ASN profile = 4; the report = 1; program rows,
    # session rows, findings (with program, decider, revision) = 3; a running run = 1.
    with django_assert_num_queries(9):
        response = client.get(report.get_absolute_url())
    assert len(response.context["rows"]) == size
    assert len(response.context["findings"]) == 2 * size  # content and facilities below 3.5


@pytest.mark.parametrize("size", [1, 6])
def test_report_list_and_api_queries_do_not_grow(client, questionnaire, django_assert_num_queries, size):
    hr = UserFactory(roles=["hr"])
    client.force_login(hr)
    start, _end = _period()
    _programs(size, questionnaire, start)
    report = _report(start)
    for months in range(1, size + 1):  # more reports, older periods
        services.report_request(period_kind="month", day=start - datetime.timedelta(days=31 * months), enqueue=False)
    # session, user, roles, menu profile = 4; reports with finding counts = 1.
    with django_assert_num_queries(5):
        page = client.get(reverse("evaluation:report-list"))
    assert len(page.context["reports"]) == size + 1
    api = APIClient()
    api.force_authenticate(hr)
    # roles = 1; report = 1; its counts = 1; program rows, session rows, findings = 3.
    with django_assert_num_queries(6):
        detail = api.get(reverse("evaluation-report-detail", args=[report.pk]))
    assert len(detail.json()["findings"]) == 2 * size
    assert RevisionReport.objects.count() == size + 1


@pytest.mark.parametrize("size", [1, 5])
def test_my_evaluations_queries_do_not_grow(client, questionnaire, django_assert_num_queries, size):
    from tests.accounts.factories import EmployeeFactory

    employee = EmployeeFactory()
    client.force_login(employee.user)
    start, _end = _period()
    for i in range(size):
        session = _session(ProgramFactory(), start + datetime.timedelta(days=i))
        invitation_for(completed_enrollment(session=session, employee=employee), questionnaire=questionnaire)
    # session, user, roles, menu profile = 4; the ASN profile = 1; invitations = 1; tests = 1.
    with django_assert_num_queries(7):
        response = client.get(reverse("evaluation:my"))
    assert len(response.context["invitations"]) == size


@pytest.mark.parametrize("size", [1, 6])
def test_consultation_outcome_figures_queries_do_not_grow(db, django_assert_num_queries, size):
    """The consultation figures of a report: the same queries for 1 or 6 programs
    with 2 outcomes each (one linked directly, one through a competency)."""
    from community.models import MeetingOutcome
    from evaluation.selectors import aggregation
    from tests.accounts.factories import CompetencyFactory
    from tests.community.factories import MeetingFactory
    from training.models import ProgramCompetency

    start, end = _period()
    begins = timezone.make_aware(datetime.datetime.combine(start + datetime.timedelta(days=2), datetime.time(9)))
    meeting = MeetingFactory(starts_at=begins, ends_at=begins + datetime.timedelta(hours=2))
    programs = []
    for i in range(size):
        program = ProgramFactory()
        competency = CompetencyFactory()
        ProgramCompetency.objects.create(program=program, competency=competency, target_level=2)
        MeetingOutcome.objects.create(meeting=meeting, title=f"Langsung {i}", program=program)
        MeetingOutcome.objects.create(meeting=meeting, title=f"Kompetensi {i}").competencies.add(competency)
        programs.append(program.pk)
    # savepoint + release (the other app's query runs guarded) = 2; the counts,
    # one correlated subquery per program row in a single SELECT = 1; the
    # titles of the programs that have outcomes = 1.
    with django_assert_num_queries(4):
        figures = aggregation.meeting_figures(program_ids=programs, start=start, end=end)
    assert {fig["meeting_outcomes"] for fig in figures.values()} == {2}
    assert len(figures) == size
