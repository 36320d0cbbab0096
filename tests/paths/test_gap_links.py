"""The gap recommendations (the ASN's and HR's gap pages, the gaps API) link to
the published path that is the next step for each gap."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import EmployeeCompetency, PositionCompetency
from paths.models import LearningPath
from tests.accounts.factories import CompetencyFactory, EmployeeFactory, UserFactory

from .factories import path_with_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    """Required level 4 of one competency, assessed at 2; a second competency not assessed (required 2)."""
    employee = EmployeeFactory()
    assessed, unassessed = CompetencyFactory(code="T.A.01"), CompetencyFactory(code="T.B.01")
    PositionCompetency.objects.create(position=employee.position, competency=assessed, level=4)
    PositionCompetency.objects.create(position=employee.position, competency=unassessed, level=2)
    EmployeeCompetency.objects.create(employee=employee, competency=assessed, level=2, assessed_on="2026-01-15")
    return employee


def test_each_gap_links_to_the_path_of_its_next_level(client, clerk):
    a, b = (r.competency for r in clerk.position.requirements.order_by("competency__code"))
    path_with_steps(competency=a, from_level=1)  # already behind the ASN
    next_step = path_with_steps(competency=a, from_level=2)
    path_with_steps(competency=a, from_level=3)  # after the next step
    path_with_steps(competency=a, from_level=2, status=LearningPath.Status.DRAFT, title="Draf")
    first_level = path_with_steps(competency=b, from_level=1)  # not assessed: the lowest path
    client.force_login(clerk.user)

    page = client.get(reverse("planning:my-gaps"))
    links = {row.competency.code: getattr(row, "learning_path", None) for row in page.context["profile"]}
    assert links == {"T.A.01": next_step, "T.B.01": first_level}
    html = page.content.decode()
    assert f'href="{next_step.get_absolute_url()}"' in html and "Jalur belajar: level 2 → 3" in html

    body = client.get(reverse("my-competency-gaps")).json()
    api_links = {row["competency"]: row["learning_path"] for row in body["competencies"]}
    assert api_links["T.A.01"] == {
        "id": next_step.pk,
        "title": next_step.title,
        "from_level": 2,
        "to_level": 3,
        "url": next_step.get_absolute_url(),
    }
    assert api_links["T.B.01"]["id"] == first_level.pk

    client.force_login(UserFactory(roles=["hr"]))
    hr_page = client.get(reverse("planning:employee-gaps", args=[clerk.pk]))
    assert f'href="{next_step.get_absolute_url()}"' in hr_page.content.decode()


def test_a_met_requirement_has_no_path_link(client, clerk):
    a = clerk.position.requirements.get(competency__code="T.A.01").competency
    EmployeeCompetency.objects.filter(employee=clerk, competency=a).update(level=4)
    path_with_steps(competency=a, from_level=3)
    client.force_login(clerk.user)
    body = client.get(reverse("my-competency-gaps")).json()
    assert {row["competency"]: row["learning_path"] for row in body["competencies"]}["T.A.01"] is None


def test_gap_pages_add_one_query_whatever_the_number_of_paths(client, clerk, django_assert_num_queries):
    a, b = (r.competency for r in clerk.position.requirements.order_by("competency__code"))
    path_with_steps(competency=a, from_level=2)
    client.force_login(clerk.user)
    url = reverse("planning:my-gaps")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    # Exactly one of them reads the learning paths (all competencies at once).
    assert sum('"paths_learningpath"' in q["sql"] for q in before.captured_queries) == 1
    for level in (1, 3, 4):
        path_with_steps(competency=a, from_level=level)
    path_with_steps(competency=b, from_level=1)
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)
