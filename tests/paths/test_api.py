import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import PositionCompetency
from paths.models import LearningPath, PathEnrolment
from tests.accounts.factories import EmployeeFactory, UserFactory

from .factories import PathEnrolmentFactory, complete_step, path_with_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_published_paths_are_listed_with_their_step_counts(api):
    path = path_with_steps(programs=2, tutorials=1)
    path_with_steps(status=LearningPath.Status.DRAFT)
    api.force_authenticate(EmployeeFactory().user)
    body = api.get(reverse("path-list")).json()
    assert [p["id"] for p in body["results"]] == [path.pk]
    assert body["results"][0]["step_count"] == 3 and body["results"][0]["required_count"] == 2
    assert api.get(reverse("path-list"), {"competency": "x"}).status_code == 400


def test_my_paths_and_a_paths_steps_carry_the_progress(api):
    employee = EmployeeFactory()
    path = path_with_steps(programs=1, tutorials=1, from_level=1)
    PositionCompetency.objects.create(position=employee.position, competency=path.competency, level=3)
    complete_step(employee, path.steps.get(position=1))
    api.force_authenticate(employee.user)
    [mine] = api.get(reverse("path-mine")).json()
    assert (mine["id"], mine["required_done"], mine["finished"], mine["following"]) == (path.pk, 1, True, False)
    detail = api.get(reverse("path-detail", args=[path.pk])).json()
    assert [(s["kind"], s["required"], s["done"]) for s in detail["steps"]] == [
        ("program", True, True),
        ("tutorial", False, False),
    ]


def test_follow_answers_201_then_409_and_delete_204_then_404(api):
    employee, path = EmployeeFactory(), path_with_steps()
    api.force_authenticate(employee.user)
    url = reverse("path-follow", args=[path.pk])
    assert api.post(url).json() == {"path": path.pk, "following": True}
    again = api.post(url)
    assert again.status_code == 409 and again.json()["code"] == "already_following"
    assert api.delete(url).status_code == 204
    assert api.delete(url).status_code == 404
    assert not PathEnrolment.objects.exists()


def test_follow_refusals_draft_no_profile_and_anonymous(api):
    draft = path_with_steps(status=LearningPath.Status.DRAFT)
    api.force_authenticate(EmployeeFactory().user)
    assert api.post(reverse("path-follow", args=[draft.pk])).status_code == 403  # a draft is not visible
    published = path_with_steps()
    api.force_authenticate(UserFactory(roles=["hr"]))  # HR account without an ASN profile
    refused = api.post(reverse("path-follow", args=[published.pk]))
    assert refused.status_code == 403 and refused.json()["code"] == "no_employee_profile"
    assert api.get(reverse("path-mine")).json()["code"] == "no_employee_profile"
    api.force_authenticate(None)
    assert api.post(reverse("path-follow", args=[published.pk])).status_code == 401


def test_report_is_hr_only_and_groups_by_path_and_unit(api):
    path = path_with_steps(programs=1, tutorials=0)
    follower = EmployeeFactory()
    PathEnrolmentFactory(path=path, employee=follower)
    complete_step(follower, path.steps.get())
    api.force_authenticate(follower.user)
    assert api.get(reverse("path-report")).status_code == 403
    api.force_authenticate(UserFactory(roles=["hr"]))
    rows = api.get(reverse("path-report"), {"path": path.pk}).json()
    assert rows == [
        {
            "path": path.pk,
            "path_title": path.title,
            "competency": path.competency.code,
            "from_level": 2,
            "to_level": 3,
            "unit": follower.org_unit_id,
            "unit_name": follower.org_unit.name,
            "following": 1,
            "finished": 1,
        }
    ]


def test_api_query_counts_do_not_grow(api, django_assert_num_queries):
    employee = EmployeeFactory()
    path = path_with_steps(from_level=1)
    PositionCompetency.objects.create(position=employee.position, competency=path.competency, level=5)
    api.force_authenticate(employee.user)
    api.get(reverse("path-mine"))  # warm up: the rules cache the groups and the profile on the user object
    # 1 = the paths with their progress (force_authenticate: no session or user
    # query; the profile is cached on the user object as in one request).
    with django_assert_num_queries(1):
        api.get(reverse("path-mine"))
    for level in (2, 3, 4):
        extra = path_with_steps(competency=path.competency, from_level=level, programs=3)
        complete_step(employee, extra.steps.get(position=1))
    with django_assert_num_queries(1):
        assert len(api.get(reverse("path-mine")).json()) == 4
    # detail: the path with counts + its steps with `done`.
    with django_assert_num_queries(2):
        api.get(reverse("path-detail", args=[extra.pk]))


def test_hr_creates_updates_publishes_and_archives_a_path_through_the_api(api):
    from tests.accounts.factories import CompetencyFactory
    from tests.training.factories import ProgramFactory
    from tests.tutorials.factories import TutorialFactory

    competency, program, tutorial = CompetencyFactory(), ProgramFactory(), TutorialFactory()
    api.force_authenticate(EmployeeFactory().user)
    body = {
        "competency": competency.pk,
        "from_level": 1,
        "title": "Jalur API",
        "steps": [{"tutorial": tutorial.pk}, {"program": program.pk, "required": False}],
    }
    assert api.post(reverse("path-list"), body, format="json").status_code == 403  # an ASN
    api.force_authenticate(UserFactory(roles=["hr"]))
    created = api.post(reverse("path-list"), body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["status"], data["to_level"], data["revision"]) == ("draft", 2, 1)
    assert [(s["kind"], s["required"]) for s in data["steps"]] == [("tutorial", True), ("program", False)]
    url = reverse("path-detail", args=[data["id"]])

    twice = api.put(url, {**body, "steps": [{"program": program.pk}, {"program": program.pk}]}, format="json")
    assert twice.status_code == 400 and "sudah menjadi langkah" in str(twice.json()["errors"])
    both = api.put(url, {**body, "steps": [{"program": program.pk, "tutorial": tutorial.pk}]}, format="json")
    assert both.status_code == 400
    updated = api.put(url, {**body, "title": "Jalur API 2", "revision": 1}, format="json")
    assert updated.status_code == 200 and updated.json()["revision"] == 2
    stale = api.put(url, {**body, "revision": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_revision"

    published = api.post(reverse("path-publish", args=[data["id"]]))
    assert published.status_code == 200 and published.json()["status"] == "published"
    rival = api.post(reverse("path-list"), {**body, "title": "Saingan"}, format="json").json()
    clash = api.post(reverse("path-publish", args=[rival["id"]]))
    assert clash.status_code == 409 and clash.json()["code"] == "already_published"
    archived = api.post(reverse("path-archive", args=[data["id"]]))
    assert archived.json()["status"] == "archived"
    assert LearningPath.objects.get(pk=data["id"]).title == "Jalur API 2"
