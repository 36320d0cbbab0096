"""API: applications, tutorials, my progress, step completion and quiz."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.accounts.factories import EmployeeFactory, UserFactory
from training.models import JpLedgerEntry
from tutorials.models import TutorialStep

from .factories import EgovApplicationFactory, correct_answers, make_tutorial

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    employee = EmployeeFactory()
    client = APIClient()
    client.force_authenticate(employee.user)
    client.employee = employee
    return client


def test_anonymous_is_refused():
    assert APIClient().get(reverse("egov-app-list")).status_code in (401, 403)


@pytest.mark.parametrize("size", [1, 5])
def test_application_list_counts_and_constant_queries(api, django_assert_num_queries, size):
    for _ in range(size):
        make_tutorial(steps=1, questions=1)
    # user's roles are not needed: the list (one query with subqueries) + audience (prefetch).
    with django_assert_num_queries(2):
        response = api.get(reverse("egov-app-list"))
    assert response.status_code == 200
    assert len(response.json()) == size
    assert response.json()[0]["tutorial_count"] == 1


def test_application_detail_and_unknown_code(api):
    app = EgovApplicationFactory(code="e-office", name="e-Office Medan")
    body = api.get(reverse("egov-app-detail", args=["e-office"])).json()
    assert body["name"] == "e-Office Medan" and set(body["position_kinds"]) == {
        "jpt",
        "administrator",
        "pengawas",
        "pelaksana",
        "fungsional",
    }
    response = api.get(reverse("egov-app-detail", args=["tidak-ada"]))
    assert response.status_code == 404 and "detail" in response.json()
    assert app


def test_tutorial_detail_gives_sanitised_html_never_raw_markdown(api):
    tutorial = make_tutorial(steps=1, questions=1)
    TutorialStep.objects.filter(tutorial=tutorial).update(body="**A** <script>alert(1)</script>")
    step = api.get(reverse("tutorial-detail", args=[tutorial.pk])).json()["steps"][0]
    assert "<strong>A</strong>" in step["body_html"] and "<script" not in step["body_html"]
    assert "body" not in step


def test_step_complete_quiz_and_my_progress(api):
    tutorial = make_tutorial(steps=2, questions=1)
    url = reverse("tutorial-step-complete", args=[tutorial.pk, 1])
    assert api.post(url).json() == {"steps_done": 1, "step_count": 2, "next_position": 2}
    quiz = reverse("tutorial-quiz", args=[tutorial.pk])
    response = api.post(quiz, {"answers": {str(k): v for k, v in correct_answers(tutorial).items()}}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "steps_remaining"
    api.post(reverse("tutorial-step-complete", args=[tutorial.pk, 2]))
    response = api.post(quiz, {"answers": {str(k): v for k, v in correct_answers(tutorial).items()}}, format="json")
    assert response.json() == {"score": 100, "passed": True, "pass_mark": 70, "completed": True}
    assert JpLedgerEntry.objects.filter(employee=api.employee).count() == 1
    progress = api.get(reverse("tutorial-my-progress")).json()
    assert progress["count"] == 1
    row = progress["results"][0]
    assert (row["tutorial"], row["steps_done"], row["step_count"], row["best_score"]) == (tutorial.pk, 2, 2, 100)


def test_quiz_with_bad_answers_is_a_400_in_indonesian(api):
    tutorial = make_tutorial(steps=1, questions=2)
    api.post(reverse("tutorial-step-complete", args=[tutorial.pk, 1]))
    response = api.post(reverse("tutorial-quiz", args=[tutorial.pk]), {"answers": {"x": "y"}}, format="json")
    assert response.status_code == 400
    q1 = tutorial.questions.order_by("position").first()
    response = api.post(
        reverse("tutorial-quiz", args=[tutorial.pk]), {"answers": {str(q1.pk): q1.choices.first().pk}}, format="json"
    )
    assert response.status_code == 400
    assert "Jawab semua pertanyaan" in str(response.json()["errors"])


def test_user_without_asn_profile_gets_a_clear_403():
    client = APIClient()
    client.force_authenticate(UserFactory(roles=["hr"]))
    response = client.get(reverse("tutorial-my-progress"))
    assert response.status_code == 403 and response.json()["code"] == "no_employee_profile"


@pytest.mark.parametrize("size", [1, 5])
def test_my_progress_query_count_is_constant(api, django_assert_num_queries, size):
    for _ in range(size):
        tutorial = make_tutorial(steps=2, questions=1)
        api.post(reverse("tutorial-step-complete", args=[tutorial.pk, 1]))
    # A fresh user object, as every real request has (the ASN profile is cached on it).
    api.force_authenticate(type(api.employee.user).objects.get(pk=api.employee.user_id))
    # employee, page count, the page (progress + tutorial + app + last step, counts as subqueries).
    with django_assert_num_queries(3):
        response = api.get(reverse("tutorial-my-progress"))
    assert response.json()["count"] == size
