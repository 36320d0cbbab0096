import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation import services
from evaluation.models import Finding, Questionnaire, Response
from evaluation.services.summary import evaluation_summary_refresh
from tests.accounts.factories import EmployeeFactory, UserFactory
from tests.training.factories import ProgramFactory
from training.services.jp_summary import jp_summary_refresh

from .factories import (
    attempt,
    completed_enrollment,
    ended_session,
    invitation_for,
    make_test_bank,
    response_with,
    standard_questionnaire,
)
from .test_reports import S1, _period, _session


@pytest.fixture
def hr_client(client, hr_user):
    client.force_login(hr_user)
    return client


def _grow(n_sessions: int, questionnaire, start):
    """n sessions, each with 6 participants, 5 answered surveys and tests."""
    for i in range(n_sessions):
        program = ProgramFactory()
        session = _session(program, start + datetime.timedelta(days=1 + i % 20))
        for values in S1 + [None]:
            enrollment = completed_enrollment(session=session)
            invitation = invitation_for(enrollment, questionnaire=questionnaire)
            if values:
                response_with(invitation, values)
                attempt(enrollment, "pre", 40)
                attempt(enrollment, "post", 70)


@pytest.mark.parametrize("path", ["evaluation:dashboard", "evaluation:report-list", "evaluation:questionnaire-list",
                                  "evaluation:program-list"])  # fmt: skip
def test_hr_pages_are_for_hr_only(client, db, path):
    url = reverse(path)
    assert client.get(url).status_code == 302  # to the login
    client.force_login(EmployeeFactory().user)
    assert client.get(url).status_code == 403


def test_dashboard_query_count_stays_constant_as_data_grows(hr_client, questionnaire, django_assert_num_queries):
    start, end = _period()
    services.report_run_execute(run_id=services.report_request(period_kind="month", day=start, enqueue=False).pk)
    query = {"start": start.isoformat(), "end": (end - datetime.timedelta(days=1)).isoformat()}
    url = reverse("evaluation:dashboard")
    # Page shell: session, user, roles, the user's ASN profile (name in the menu) = 4;
    # the filter form's choices (units, programs) = 2;
    # 11 figures: trainings, JP share (its summary), from the dashboard's summary
    # (EnrollmentFigure, single passes with FILTER) the whole period (participants
    # and dimensions), per month (satisfaction and gain), per category, per
    # program, and the summary's time; sessions per program, top problems,
    # reports, each program's latest covering report (drill-down);
    # IKM per unit from the feedback app (feedback.selectors.ikm_by_unit): the summarised
    # periods, then one GROUP BY unit over the feedback rows not summarised (here all) = 2.
    # Total 19, whatever the data size.
    # (The summaries exist and are fresh, as on a running system: Celery keeps them.)
    _grow(2, questionnaire, start)
    jp_summary_refresh(year=(end - datetime.timedelta(days=1)).year)
    evaluation_summary_refresh()
    with django_assert_num_queries(19):
        small = hr_client.get(url, query)
    _grow(8, questionnaire, start)
    evaluation_summary_refresh()
    with django_assert_num_queries(19):
        large = hr_client.get(url, query)
    assert small.status_code == large.status_code == 200
    assert small.context["data"]["kpis"]["trainings"] == 2
    assert large.context["data"]["kpis"]["trainings"] == 10
    assert large.context["data"]["kpis"]["participants"] == 60
    assert large.context["data"]["kpis"]["satisfaction"] == pytest.approx(92 / 25)
    assert large.context["data"]["kpis"]["gain"] == pytest.approx(0.5)
    assert b'data-chart="line"' in large.content


def test_dashboard_filters_by_program_and_rejects_bad_dates(hr_client, questionnaire):
    start, _end = _period()
    _grow(2, questionnaire, start)
    program = ProgramFactory()
    response = hr_client.get(
        reverse("evaluation:dashboard"),
        {"start": start, "end": start + datetime.timedelta(days=40), "program": program.pk},
    )
    assert response.context["data"]["kpis"]["trainings"] == 0
    bad = hr_client.get(reverse("evaluation:dashboard"), {"start": "2026-05-01", "end": "2026-04-01"})
    assert bad.status_code == 400
    assert "2026-04-01" in bad.content.decode()  # what was typed is kept


def test_dashboard_exports_xlsx_and_pdf(hr_client, questionnaire):
    start, _end = _period()
    _grow(1, questionnaire, start)
    xlsx = hr_client.get(reverse("evaluation:dashboard-export", args=["xlsx"]), {"start": start})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx.content))
    assert len(wb.sheetnames) == 7
    # The filters used come first.
    filters = dict(wb.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert filters["Perangkat daerah"] == "Semua unit" and filters["Program"] == "Semua program"
    # Percentages are numbers with a percent format, not text.
    share = wb.worksheets[1]  # the KPIs
    jp_row = next(row for row in share.iter_rows(min_row=2) if str(row[0].value).startswith("ASN"))
    assert isinstance(jp_row[1].value, int | float) and jp_row[1].number_format == "0%"
    pdf = hr_client.get(reverse("evaluation:dashboard-export", args=["pdf"]), {"start": start})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_report_pages_progress_decisions_and_exports(hr_client, questionnaire, django_capture_on_commit_callbacks):
    start, _end = _period()
    program = ProgramFactory()
    session = _session(program, start + datetime.timedelta(days=3))
    for values in S1:
        response_with(invitation_for(completed_enrollment(session=session), questionnaire=questionnaire),
                      {**values, "content": 2})  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):  # the task is enqueued after commit
        response = hr_client.post(reverse("evaluation:report-list"), {"period_kind": "month", "day": start.isoformat()})
    run_id = int(response["Location"].rstrip("/").split("/")[-1])
    progress = hr_client.get(reverse("evaluation:run-progress", args=[run_id])).json()
    assert progress["done"] is True and progress["percent"] == 100  # eager task finished
    page = hr_client.get(reverse("evaluation:run-detail", args=[run_id]))
    assert b"data-progress-url" in page.content
    finding = Finding.objects.get(rule="low_dimension", subject="content")
    detail = hr_client.get(finding.run.report.get_absolute_url())
    assert detail.status_code == 200 and "2.00" in detail.content.decode()
    hr_client.post(reverse("evaluation:finding-decide", args=[finding.pk]), {"decision": "accept", "note": ""})
    program.refresh_from_db()
    assert program.revision == 2
    # The accepted finding links to the program it revised.
    detail = hr_client.get(finding.run.report.get_absolute_url()).content.decode()
    assert f'href="{program.get_absolute_url()}">Buka program “{program.title}”</a>' in detail
    for fmt, magic in (("xlsx", b"PK"), ("pdf", b"%PDF")):
        export = hr_client.get(reverse("evaluation:report-export", args=[finding.run.report_id, fmt]))
        assert export.content.startswith(magic)


def test_report_request_form_keeps_input_on_error(hr_client):
    future = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    response = hr_client.post(reverse("evaluation:report-list"), {"period_kind": "month", "day": future})
    assert response.status_code == 400
    assert future in response.content.decode()


def test_session_results_hide_small_groups(hr_client, questionnaire):
    session = ended_session()
    for values in S1[:4]:
        response_with(invitation_for(completed_enrollment(session=session), questionnaire=questionnaire), values)
    url = reverse("evaluation:session-results", args=[session.pk])
    page = hr_client.get(url)
    assert page.context["suppressed"] is True and page.context["distribution"] == []
    response_with(invitation_for(completed_enrollment(session=session), questionnaire=questionnaire), S1[4])
    page = hr_client.get(url)
    assert page.context["suppressed"] is False
    content = next(q for q in page.context["distribution"] if q["text"] == "Penilaian content")
    assert content["mean"] == 3.0 and content["chart"]["datasets"][0]["data"] == [1, 1, 1, 1, 1]
    assert list(page.context["responses"]) == []  # anonymous: no individual answers


def test_asn_answers_the_survey_in_the_browser(client, questionnaire):
    enrollment = completed_enrollment(session=ended_session())
    invitation = invitation_for(enrollment, questionnaire=questionnaire)
    client.force_login(enrollment.employee.user)
    assert invitation.get_absolute_url().encode() in client.get(reverse("evaluation:my")).content
    questions = list(questionnaire.questions.all())
    data = {f"q{q.pk}": "4" for q in questions if q.kind != "text"}
    data[f"q{questions[-2].pk}"] = "1"  # single choice
    data[f"q{questions[0].pk}"] = ""  # missing
    page = client.post(invitation.get_absolute_url(), data)
    assert page.status_code == 400
    assert 'value="4" ' in page.content.decode() or 'value="4"' in page.content.decode()
    data[f"q{questions[0].pk}"] = "5"
    assert client.post(invitation.get_absolute_url(), data).status_code == 302
    assert Response.objects.count() == 1
    again = client.post(invitation.get_absolute_url(), data)  # second time: says so, changes nothing
    assert again.status_code == 409 and "Anda sudah mengisi survei ini pada" in again.content.decode()
    assert Response.objects.count() == 1
    other = EmployeeFactory().user
    client.force_login(other)
    assert client.get(invitation.get_absolute_url()).status_code == 403


def test_reopening_an_answered_survey_says_so_instead_of_a_blank_form(client, questionnaire):
    enrollment = completed_enrollment(session=ended_session())
    invitation = invitation_for(enrollment, questionnaire=questionnaire)
    response_with(invitation, {})
    client.force_login(enrollment.employee.user)
    page = client.get(invitation.get_absolute_url())
    assert page.status_code == 200
    content = page.content.decode()
    assert "Anda sudah mengisi survei ini pada" in content
    assert '<form method="post"' not in content and "Kirim jawaban" not in content


def test_a_closed_survey_page_says_it_closed(client, questionnaire):
    enrollment = completed_enrollment(session=ended_session())
    invitation = invitation_for(enrollment, questionnaire=questionnaire)
    invitation.closes_at = timezone.now() - datetime.timedelta(hours=1)
    invitation.save(update_fields=["closes_at"])
    client.force_login(enrollment.employee.user)
    content = client.get(invitation.get_absolute_url()).content.decode()
    assert "sudah ditutup" in content and '<form method="post"' not in content


def test_asn_takes_a_test_in_the_browser(client, db):
    from tests.training.factories import EnrollmentFactory, SessionFactory

    program = ProgramFactory()
    bank = make_test_bank(program, n=2)
    start = timezone.now() - datetime.timedelta(hours=1)
    enrollment = EnrollmentFactory(
        session=SessionFactory(program=program, start=start, end=start + datetime.timedelta(days=1))
    )
    client.force_login(enrollment.employee.user)
    url = reverse("evaluation:test", args=[enrollment.pk, "pre"])
    assert client.get(url).status_code == 200
    response = client.post(url, {f"q{bank[0].pk}": "1", f"q{bank[1].pk}": "2"}, follow=True)
    assert "50" in response.content.decode()


def test_questionnaire_builder_creates_questions_in_order(hr_client):
    data = {
        "title": "Kuesioner Baru",
        "description": "",
        "is_active": "on",
        "q-TOTAL_FORMS": "3",
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "60",
        "q-0-text": "Materi mudah dipahami",
        "q-0-kind": "likert",
        "q-0-dimension": "content",
        "q-0-required": "on",
        "q-1-text": "Metode yang disukai",
        "q-1-kind": "single_choice",
        "q-1-dimension": "trainer",
        "q-1-choices": "Ceramah",  # one option only: refused
        "q-2-text": "",
        "q-2-kind": "likert",
        "q-2-dimension": "content",
    }
    page = hr_client.post(reverse("evaluation:questionnaire-create"), data)
    assert page.status_code == 400
    assert "Kuesioner Baru" in page.content.decode() and "Materi mudah dipahami" in page.content.decode()
    assert not Questionnaire.objects.exists()
    data["q-1-choices"] = "Ceramah\nDiskusi\nPraktik"
    assert hr_client.post(reverse("evaluation:questionnaire-create"), data).status_code == 302
    q = Questionnaire.objects.get()
    assert [(x.position, x.kind, x.choices) for x in q.questions.all()] == [
        (1, "likert", []),
        (2, "single_choice", ["Ceramah", "Diskusi", "Praktik"]),
    ]


def test_program_settings_pick_a_questionnaire(hr_client):
    program = ProgramFactory()
    other = standard_questionnaire(default=False)
    url = reverse("evaluation:program-settings", args=[program.code])
    response = hr_client.post(url, {"action": "settings", "questionnaire": other.pk, "anonymous": "on",
                                     "survey_open_days": 7, "follow_up_days": 60, "post_test_pass_score": 70,
                                     "egov_apps": "sipd, e-kinerja"})  # fmt: skip
    assert response.status_code == 302
    config = program.evaluation_config
    assert (config.questionnaire, config.follow_up_days, config.egov_app_codes) == (other, 60, ["sipd", "e-kinerja"])
    bad = hr_client.post(
        url, {"action": "test_question", "text": "Apa itu SIPD?", "options": "A\nB", "correct_option": 3}
    )
    assert bad.status_code == 400 and "Apa itu SIPD?" in bad.content.decode()


def test_supervisor_fills_in_the_follow_up(client, db):
    supervisor = EmployeeFactory(user=UserFactory(roles=["supervisor"]))
    completed_enrollment(session=ended_session(days_ago=120), employee=EmployeeFactory(supervisor=supervisor))
    services.follow_ups_schedule()
    client.force_login(supervisor.user)
    page = client.get(reverse("evaluation:follow-ups"))
    item = page.context["follow_ups"][0]
    assert client.post(item.get_absolute_url(), {"application_score": "9"}).status_code == 400
    assert client.post(item.get_absolute_url(), {"application_score": "4", "comment": "Baik"}).status_code == 302
    item.refresh_from_db()
    assert item.application_score == 4


def test_dashboard_without_filters_shows_this_year(hr_client, questionnaire):
    response = hr_client.get(reverse("evaluation:dashboard"))
    assert response.status_code == 200
    assert response.context["filters"].start == timezone.localdate().replace(month=1, day=1)


def test_session_results_show_individual_answers_only_when_not_anonymous(hr_client, questionnaire):
    session = ended_session()
    named = invitation_for(completed_enrollment(session=session), questionnaire=questionnaire, anonymous=False)
    response_with(named, S1[0])
    anonymous = invitation_for(completed_enrollment(session=session), questionnaire=questionnaire)
    response_with(anonymous, S1[1])
    page = hr_client.get(reverse("evaluation:session-results", args=[session.pk]))
    shown = list(page.context["responses"])
    assert [r.enrollment_id for r in shown] == [named.enrollment_id]
    assert named.enrollment.employee.full_name in page.content.decode()
    assert anonymous.enrollment.employee.full_name not in page.content.decode()


def test_follow_up_page_shows_the_workshop_action_plan(client, db):
    from workshops.models import ActionPlan, ActionPlanItem

    supervisor = EmployeeFactory(user=UserFactory(roles=["supervisor"]))
    enrollment = completed_enrollment(
        session=ended_session(days_ago=120), employee=EmployeeFactory(supervisor=supervisor)
    )
    plan = ActionPlan.objects.create(enrollment=enrollment)
    ActionPlanItem.objects.create(
        plan=plan, position=1, action="Menerapkan antrean daring di loket", due_date=timezone.localdate()
    )
    services.follow_ups_schedule()
    client.force_login(supervisor.user)
    item = client.get(reverse("evaluation:follow-ups")).context["follow_ups"][0]
    assert "Menerapkan antrean daring di loket" in client.get(item.get_absolute_url()).content.decode()


def test_a_failing_ikm_figure_is_an_error_not_an_empty_chart(db, monkeypatch):
    """The dashboard used to swallow any exception of the IKM selector and draw an empty chart."""
    from evaluation.selectors import dashboard

    def broken(**kwargs):
        raise ZeroDivisionError("a bug in the IKM figures")

    monkeypatch.setattr(dashboard, "ikm_by_unit", broken)
    today = timezone.localdate()
    with pytest.raises(ZeroDivisionError):
        dashboard.dashboard_data(filters=dashboard.DashboardFilters(start=today.replace(day=1), end=today))


def test_a_failing_action_plan_lookup_is_an_error_not_a_missing_plan(monkeypatch):
    from evaluation.selectors import core

    def broken(**kwargs):
        raise ZeroDivisionError("a bug in the workshops app")

    monkeypatch.setattr(core, "action_plan_for", broken)
    with pytest.raises(ZeroDivisionError):
        core.action_plan_for_enrollment(object())
