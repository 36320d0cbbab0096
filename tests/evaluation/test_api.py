import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from evaluation.models import ReportRun, Response
from tests.accounts.factories import EmployeeFactory, UserFactory

from .factories import completed_enrollment, ended_session, invitation_for
from .test_reports import S1, _period, _session
from .test_surveys import _answers


@pytest.fixture
def api():
    return APIClient()


def test_hr_creates_and_lists_questionnaires(api, db):
    api.force_authenticate(UserFactory(roles=["hr"]))
    payload = {
        "title": "Evaluasi Singkat",
        "questions": [
            {"text": "Materi relevan", "kind": "likert", "dimension": "relevance"},
            {"text": "Fasilitas", "kind": "rating", "dimension": "facilities"},
            {"text": "Pilihan", "kind": "single_choice", "dimension": "content", "choices": ["A", "B"]},
        ],
    }
    created = api.post(reverse("evaluation-questionnaire-list"), payload, format="json")
    assert created.status_code == 201, created.json()
    assert [q["position"] for q in created.json()["questions"]] == [1, 2, 3]
    bad = api.post(
        reverse("evaluation-questionnaire-list"),
        {"title": "X", "questions": [{"text": "Q", "kind": "single_choice", "dimension": "content", "choices": ["A"]}]},
        format="json",
    )
    assert bad.status_code == 400 and "choices" in bad.json()["errors"]
    listed = api.get(reverse("evaluation-questionnaire-list")).json()
    assert [q["title"] for q in listed] == ["Evaluasi Singkat"]
    detail = api.get(reverse("evaluation-questionnaire-detail", args=[created.json()["id"]]))
    assert detail.status_code == 200


def test_asn_cannot_use_the_hr_api(api, db):
    api.force_authenticate(EmployeeFactory().user)
    assert api.get(reverse("evaluation-questionnaire-list")).status_code == 403
    assert api.get(reverse("evaluation-report-list")).status_code == 403


def test_submit_a_response_once(api, questionnaire):
    enrollment = completed_enrollment(session=ended_session())
    invitation = invitation_for(enrollment, questionnaire=questionnaire)
    api.force_authenticate(enrollment.employee.user)
    answers = [
        {"question": pk, "text": v} if isinstance(v, str) else {"question": pk, "value": v}
        for pk, v in _answers(questionnaire).items()
    ]
    url = reverse("evaluation-response-submit")
    first = api.post(url, {"invitation": invitation.pk, "answers": answers}, format="json")
    assert first.status_code == 201
    again = api.post(url, {"invitation": invitation.pk, "answers": answers}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_answered"
    assert Response.objects.count() == 1


def test_invalid_answers_get_a_message_per_question(api, questionnaire):
    enrollment = completed_enrollment(session=ended_session())
    invitation = invitation_for(enrollment, questionnaire=questionnaire)
    api.force_authenticate(enrollment.employee.user)
    q = questionnaire.questions.first()
    response = api.post(
        reverse("evaluation-response-submit"),
        {"invitation": invitation.pk, "answers": [{"question": q.pk, "value": 9}]},
        format="json",
    )
    assert response.status_code == 400
    assert f"q{q.pk}" in response.json()["errors"]


def test_request_a_run_then_read_the_report(api, questionnaire, django_capture_on_commit_callbacks):
    api.force_authenticate(UserFactory(roles=["hr"]))
    start, _end = _period()
    session = _session(ProgramFactory(), start + datetime.timedelta(days=2))
    for values in S1:
        from .factories import response_with

        response_with(invitation_for(completed_enrollment(session=session), questionnaire=questionnaire), values)
    with django_capture_on_commit_callbacks(execute=True):
        run = api.post(reverse("evaluation-report-run"), {"period": "month", "day": start.isoformat()}, format="json")
    assert run.status_code == 202
    assert run.json()["progress_url"].endswith("/progress/")
    assert ReportRun.objects.get(pk=run.json()["run"]).status == "done"
    listed = api.get(reverse("evaluation-report-list")).json()
    assert listed[0]["period_kind"] == "month" and listed[0]["status"] == "done"
    detail = api.get(reverse("evaluation-report-detail", args=[run.json()["report"]])).json()
    assert detail["programs"][0]["responses"] == 5
    assert {f["rule"] for f in detail["findings"]} == {"low_dimension"}
    assert all(f["message"] and f["recommendation"] for f in detail["findings"])
    bad = api.post(reverse("evaluation-report-run"), {"period": "week", "day": "2026-01-01"}, format="json")
    assert bad.status_code == 400


from tests.training.factories import ProgramFactory  # noqa: E402


@pytest.mark.parametrize("size", [1, 4])
def test_asn_lists_own_surveys_with_questions_in_constant_queries(api, questionnaire, size, django_assert_num_queries):
    from tests.accounts.factories import EmployeeFactory

    employee = EmployeeFactory()
    for _ in range(size):
        invitation_for(completed_enrollment(session=ended_session(), employee=employee), questionnaire=questionnaire)
    invitation_for(completed_enrollment(session=ended_session()), questionnaire=questionnaire)  # someone else's
    api.force_authenticate(employee.user)
    # the ASN profile = 1; invitations with session, program, questionnaire = 1; questions = 1.
    with django_assert_num_queries(3):
        data = api.get(reverse("evaluation-my-surveys")).json()
    assert len(data) == size
    assert data[0]["is_open"] is True
    assert len(data[0]["questionnaire"]["questions"]) == questionnaire.questions.count()
