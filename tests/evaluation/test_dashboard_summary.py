"""The evaluation dashboard reads the summary Celery keeps (EnrollmentFigure);
after a refresh every figure equals the one computed from the source tables,
for every filter, anonymity included (distinct people, not responses)."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse

from asn_competency.common.models import OutboxMessage
from evaluation.models import EnrollmentFigure, SummaryBuild
from evaluation.selectors.dashboard import DashboardFilters, dashboard_data
from evaluation.services.summary import evaluation_summary_refresh
from evaluation.tasks import summary_refresh
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, UserFactory
from tests.training.factories import ProgramFactory
from training.models import Program, Session

from .factories import attempt, completed_enrollment, invitation_for, response_with
from .test_reports import S1, _period, _session

pytestmark = pytest.mark.django_db


def _figures(data: dict) -> dict:
    """Everything the page shows that comes from the summary, floats compared to 1e-12."""

    def clean(value):
        if isinstance(value, float):
            return pytest.approx(value, rel=1e-12)
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k != "refreshed_at"}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return clean({key: data[key] for key in ("kpis", "satisfaction_trend", "dimensions", "gain_trend",
                                             "by_category", "programs")})  # fmt: skip


@pytest.fixture
def city(questionnaire):
    """Two units, two programs of two categories, the same people in several
    sessions of a month (respondents < responses), one cancelled session, one
    ASN who did not answer, tests for some."""
    start, end = _period()
    units = [OrgUnitFactory(name="Dinas A"), OrgUnitFactory(name="Dinas B")]
    people = [EmployeeFactory(org_unit=units[i % 2]) for i in range(7)]
    programs = [
        ProgramFactory(title="Pelayanan Prima", category=Program.Category.TECHNICAL),
        ProgramFactory(title="Kepemimpinan", category=Program.Category.MANAGEMENT),
    ]
    for n, (program, day, attendees) in enumerate(
        [
            (programs[0], 2, people),
            (programs[0], 9, people[:4]),
            (programs[1], 12, people[2:]),
            (programs[1], 40, people),
        ]
    ):
        session = _session(program, start + datetime.timedelta(days=day))
        for i, person in enumerate(attendees):
            enrollment = completed_enrollment(session=session, employee=person)
            if i == len(attendees) - 1:
                continue  # did not answer
            response_with(invitation_for(enrollment, questionnaire=questionnaire), S1[(i + n) % len(S1)])
            if i % 2 == 0:
                attempt(enrollment, "pre", 30 + i)
                attempt(enrollment, "post", 60 + 2 * i)
    cancelled = _session(programs[1], start + datetime.timedelta(days=5))
    response_with(
        invitation_for(completed_enrollment(session=cancelled, employee=people[0]), questionnaire=questionnaire), S1[0]
    )
    Session.objects.filter(pk=cancelled.pk).update(status=Session.Status.CANCELLED)
    return {"start": start, "end": end, "units": units, "programs": programs}


def _filters(city, **extra):
    return DashboardFilters(start=city["start"], end=city["end"] + datetime.timedelta(days=40), **extra)


@pytest.mark.parametrize("which", ["all", "unit", "program", "category", "short-period"])
@pytest.mark.parametrize("k", [1, 3, 5])
def test_the_summary_gives_the_live_dashboard_figure_by_figure(city, settings, which, k):
    settings.EVALUATION_MIN_GROUP_SIZE = k
    extra = {
        "all": {},
        "unit": {"org_unit": city["units"][1]},
        "program": {"program": city["programs"][0]},
        "category": {"category": Program.Category.MANAGEMENT},
        "short-period": {},
    }[which]
    f = _filters(city, **extra)
    if which == "short-period":
        f = DashboardFilters(
            start=city["start"] + datetime.timedelta(days=5), end=city["start"] + datetime.timedelta(days=13)
        )
    evaluation_summary_refresh()
    live = dashboard_data(filters=f, live=True)
    assert live["kpis"]["participants"], "the data set must give figures to compare"
    summary = dashboard_data(filters=f)
    assert _figures(summary) == _figures(live)
    assert summary["refreshed_at"] is not None


def test_the_summary_leaves_out_cancelled_sessions_and_follows_the_sources_after_a_refresh(city, questionnaire):
    evaluation_summary_refresh()
    f = _filters(city)
    before = dashboard_data(filters=f)
    assert not EnrollmentFigure.objects.filter(session__status=Session.Status.CANCELLED).exists()
    # New answers are not in the summary until Celery refreshes it; then they are.
    session = _session(city["programs"][0], city["start"] + datetime.timedelta(days=20))
    response_with(invitation_for(completed_enrollment(session=session), questionnaire=questionnaire), S1[0])
    assert dashboard_data(filters=f)["kpis"]["participants"] == before["kpis"]["participants"]
    summary_refresh()
    assert _figures(dashboard_data(filters=f)) == _figures(dashboard_data(filters=f, live=True))
    assert summary_refresh() == EnrollmentFigure.objects.count()  # idempotent


def test_the_beat_refreshes_the_summary_and_the_page_says_as_of_when(client, city, django_capture_on_commit_callbacks):
    cache.clear()
    assert django_settings.CELERY_BEAT_SCHEDULE["evaluation-summary-refresh"]["task"] == "evaluation.summary_refresh"
    client.force_login(UserFactory(roles=["hr"]))
    # Never built (a fresh system): the page shows live figures and queues one full build.
    assert not SummaryBuild.objects.exists()
    query = {"start": city["start"].isoformat()}
    with django_capture_on_commit_callbacks():
        first = client.get(reverse("evaluation:dashboard"), query)
        client.get(reverse("evaluation:dashboard"), query)
    assert first.status_code == 200
    assert first.context["data"]["kpis"]["participants"]
    assert b'data-testid="dashboard-refreshed-at"' not in first.content
    queued = OutboxMessage.objects.filter(task="evaluation.summary_refresh")
    assert queued.count() == 1  # one build for many views
    summary_refresh(*queued.get().args)  # what the worker runs
    response = client.get(reverse("evaluation:dashboard"), query)
    assert SummaryBuild.objects.exists()
    assert b'data-testid="dashboard-refreshed-at"' in response.content
    assert _figures(response.context["data"]) == _figures(first.context["data"])
