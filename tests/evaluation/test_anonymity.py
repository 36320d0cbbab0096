"""Survey anonymity counts people, not responses (k >= EVALUATION_MIN_GROUP_SIZE
distinct respondents), everywhere figures are shown; the dashboard's drill-down
opens a report that covers the program."""

import datetime

import pytest
from django.urls import reverse

from evaluation import rules, services
from evaluation.models import Finding, ReportRow
from evaluation.selectors import period_bounds
from evaluation.selectors.dashboard import DashboardFilters, dashboard_data
from evaluation.services.summary import evaluation_summary_refresh
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory
from tests.training.factories import ProgramFactory

from .factories import completed_enrollment, ended_session, invitation_for, response_with
from .test_reports import _period, _session

LOW = dict.fromkeys(["content", "trainer", "organisation", "facilities", "relevance"], 1)


def _run(day):
    run = services.report_request(period_kind="month", day=day, enqueue=False)
    return services.report_run_execute(run_id=run.pk)


def _answers(session, employee, questionnaire):
    response_with(
        invitation_for(completed_enrollment(session=session, employee=employee), questionnaire=questionnaire), LOW
    )


@pytest.fixture
def four_people(db, questionnaire):
    """10 responses by 4 ASN of one unit: three sessions of one program
    (4 + 4 + 2 answers by the same four people)."""
    start, _end = _period()
    unit = OrgUnitFactory(name="Dinas Kebudayaan dan Pariwisata")
    people = [EmployeeFactory(org_unit=unit) for _ in range(4)]
    program = ProgramFactory(title="Pemandu Wisata")
    for day, attendees in ((3, people), (10, people), (17, people[:2])):
        session = _session(program, start + datetime.timedelta(days=day))
        for person in attendees:
            _answers(session, person, questionnaire)
    return {"start": start, "unit": unit, "people": people, "program": program}


def test_group_is_shown_counts_people(settings):
    settings.EVALUATION_MIN_GROUP_SIZE = 5
    assert not rules.group_is_shown(respondents=4)
    assert not rules.group_is_shown(respondents=None)
    assert rules.group_is_shown(respondents=5)


def test_report_hides_ten_responses_by_four_people(four_people):
    run = _run(four_people["start"])
    row = ReportRow.objects.get(run=run, program=four_people["program"], session=None)
    assert row.responses == 10 and row.extra["respondents"] == 4
    assert row.suppressed is True and row.satisfaction is None and row.dimension_means == {}
    # No finding quotes the hidden group's scores.
    assert not Finding.objects.filter(run=run, rule=Finding.Rule.LOW_DIMENSION).exists()


def test_dashboard_hides_ten_responses_by_four_people(four_people, questionnaire):
    start, end = _period()
    filters = DashboardFilters(start=start, end=end, org_unit=four_people["unit"])
    evaluation_summary_refresh()  # the dashboard reads the summary Celery keeps
    data = dashboard_data(filters=filters)
    assert data["kpis"]["satisfaction"] is None
    assert [p["satisfaction"] for p in data["programs"]] == [None]
    assert data["programs"][0]["responses"] == 10 and data["programs"][0]["respondents"] == 4
    assert data["dimensions"] == []
    assert all(m["mean"] is None for m in data["satisfaction_trend"])
    # A fifth person makes the group large enough.
    fifth = EmployeeFactory(org_unit=four_people["unit"])
    session = _session(four_people["program"], start + datetime.timedelta(days=20))
    _answers(session, fifth, questionnaire)
    evaluation_summary_refresh()
    data = dashboard_data(filters=filters)
    assert data["kpis"]["satisfaction"] == pytest.approx(1.0)
    assert data["programs"][0]["satisfaction"] == pytest.approx(1.0)


def test_session_results_count_people(client, hr_user, questionnaire, settings):
    settings.EVALUATION_MIN_GROUP_SIZE = 5
    session = ended_session()
    for _ in range(4):
        _answers(session, EmployeeFactory(), questionnaire)
    client.force_login(hr_user)
    url = reverse("evaluation:session-results", args=[session.pk])
    page = client.get(url)
    assert page.context["suppressed"] is True
    assert "Kurang dari 5 orang yang menjawab" in page.content.decode()
    _answers(session, EmployeeFactory(), questionnaire)
    assert client.get(url).context["suppressed"] is False


def test_non_anonymous_survey_says_the_name_is_shown(client, questionnaire):
    enrollment = completed_enrollment(session=ended_session())
    named = invitation_for(enrollment, questionnaire=questionnaire, anonymous=False)
    client.force_login(enrollment.employee.user)
    page = client.get(named.get_absolute_url()).content.decode()
    assert "Survei ini tidak anonim." in page
    assert "nama Anda bersama jawaban Anda" in page
    assert "nama Anda ditampilkan" in client.get(reverse("evaluation:my")).content.decode()
    other = completed_enrollment(session=ended_session())
    anonymous = invitation_for(other, questionnaire=questionnaire)
    client.force_login(other.employee.user)
    assert "Survei ini tidak anonim." not in client.get(anonymous.get_absolute_url()).content.decode()


def test_dashboard_drill_down_opens_the_latest_report_covering_the_program(client, hr_user, questionnaire):
    last_start, last_end = _period()
    earlier_start, _ = period_bounds(kind="month", day=last_start - datetime.timedelta(days=1))
    covered = ProgramFactory(title="Program Bulan Lalu")
    other = ProgramFactory(title="Program Bulan Ini")
    for program, day in ((covered, earlier_start), (other, last_start)):
        session = _session(program, day + datetime.timedelta(days=5))
        for _ in range(2):
            _answers(session, EmployeeFactory(), questionnaire)
    earlier = _run(earlier_start).report
    latest = _run(last_start).report
    client.force_login(hr_user)
    query = {"start": earlier_start.isoformat(), "end": (last_end - datetime.timedelta(days=1)).isoformat()}
    page = client.get(reverse("evaluation:dashboard"), query).content.decode()
    assert f"{reverse('evaluation:report-detail', args=[earlier.pk])}?program={covered.pk}" in page
    assert f"{reverse('evaluation:report-detail', args=[latest.pk])}?program={other.pk}" in page
    assert f"{reverse('evaluation:report-detail', args=[latest.pk])}?program={covered.pk}" not in page
    # With the program chosen, the list of reports offers only the reports covering it.
    page = client.get(reverse("evaluation:dashboard"), {**query, "program": covered.pk})
    assert [r.pk for r in page.context["data"]["reports"]] == [earlier.pk]
