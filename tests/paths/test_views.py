import pytest
from django.urls import reverse

from accounts.models import EmployeeCompetency, PositionCompetency
from paths.models import LearningPath, PathEnrolment, PathStep
from tests.accounts.factories import CompetencyFactory, EmployeeFactory, OrgUnitFactory, UserFactory
from tests.training.factories import ProgramFactory
from tests.tutorials.factories import TutorialFactory

from .factories import PathEnrolmentFactory, complete_step, path_with_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client):
    client.force_login(UserFactory(roles=["hr"]))
    return client


def _with_gap(employee, path, *, assessed, required=None):
    PositionCompetency.objects.get_or_create(
        position=employee.position, competency=path.competency, defaults={"level": required or path.to_level}
    )
    if assessed is not None:
        EmployeeCompetency.objects.create(
            employee=employee, competency=path.competency, level=assessed, assessed_on="2026-01-15"
        )


def _editor_data(*, competency, from_level=2, title="Jalur Baru", rows=(), revision=""):
    data = {
        "competency": competency.pk,
        "from_level": from_level,
        "title": title,
        "description": "",
        "revision": revision,
        "steps-TOTAL_FORMS": len(rows),
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 50,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"steps-{i}-{key}"] = value
    return data


def test_hr_creates_a_path_with_steps_in_the_given_order(hr_client):
    competency, program, tutorial = CompetencyFactory(), ProgramFactory(), TutorialFactory()
    rows = [
        {"item": f"program:{program.pk}", "required": "on", "ORDER": 2},
        {"item": f"tutorial:{tutorial.pk}", "ORDER": 1},
        {"item": "", "ORDER": ""},  # an empty row is ignored
    ]
    response = hr_client.post(reverse("paths:new"), _editor_data(competency=competency, rows=rows))
    path = LearningPath.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("paths:edit", args=[path.pk])
    steps = list(PathStep.objects.filter(path=path).values_list("position", "tutorial_id", "program_id", "required"))
    assert steps == [(1, tutorial.pk, None, False), (2, None, program.pk, True)]
    page = hr_client.get(reverse("paths:edit", args=[path.pk]))
    assert page.status_code == 200 and f'value="program:{program.pk}" selected' in page.content.decode()


def test_the_same_program_twice_keeps_the_input_with_an_indonesian_error(hr_client):
    competency, program = CompetencyFactory(), ProgramFactory()
    rows = [{"item": f"program:{program.pk}", "ORDER": 1}, {"item": f"program:{program.pk}", "ORDER": 2}]
    response = hr_client.post(reverse("paths:new"), _editor_data(competency=competency, title="Jalur Saya", rows=rows))
    content = response.content.decode()
    assert response.status_code == 400
    assert "Program atau tutorial ini sudah menjadi langkah jalur ini." in content
    assert 'value="Jalur Saya"' in content and f'value="program:{program.pk}" selected' in content
    assert not LearningPath.objects.exists()


def test_a_stale_editor_form_is_refused_with_the_reason(hr_client):
    path = path_with_steps(status=LearningPath.Status.DRAFT)
    url = reverse("paths:edit", args=[path.pk])
    program = ProgramFactory()
    rows = [{"item": f"program:{program.pk}", "required": "on", "ORDER": 1}]
    data = _editor_data(competency=path.competency, rows=rows, revision=path.revision)
    assert hr_client.post(url, data).status_code == 302
    response = hr_client.post(url, data)  # the same form again: opened at the old revision
    assert response.status_code == 400 and "Orang lain telah menyimpan jalur ini" in response.content.decode()


def test_publishing_a_second_path_for_a_level_is_refused_with_a_message(hr_client):
    published = path_with_steps()
    draft = path_with_steps(competency=published.competency, status=LearningPath.Status.DRAFT)
    response = hr_client.post(reverse("paths:publish", args=[draft.pk]), follow=True)
    assert "sudah terbit; arsipkan dulu" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == LearningPath.Status.DRAFT


def test_only_hr_manages_paths_and_sees_the_report(client):
    client.force_login(EmployeeFactory().user)
    for name in ("paths:manage", "paths:new", "paths:report"):
        assert client.get(reverse(name)).status_code == 403
    path = path_with_steps(status=LearningPath.Status.DRAFT)
    assert client.post(reverse("paths:publish", args=[path.pk])).status_code == 403
    assert client.get(path.get_absolute_url()).status_code == 403  # a draft is HR's
    client.logout()
    assert client.get(reverse("paths:mine")).status_code == 302


def test_asn_with_the_gap_sees_the_path_with_progress_and_follows_it(client):
    employee = EmployeeFactory()
    path = path_with_steps(programs=2, tutorials=1, from_level=2)
    _with_gap(employee, path, assessed=2, required=4)
    beyond = path_with_steps(competency=path.competency, from_level=1)  # already above level 1
    complete_step(employee, path.steps.get(position=1))
    client.force_login(employee.user)
    mine = client.get(reverse("paths:mine"))
    assert [p.pk for p in mine.context["paths"]] == [path.pk]
    assert beyond.pk not in [p.pk for p in mine.context["paths"]]
    assert "1 dari 2 langkah wajib selesai" in mine.content.decode()
    detail = client.get(path.get_absolute_url())
    assert [s.done for s in detail.context["steps"]] == [True, False, False]
    assert client.post(reverse("paths:follow", args=[path.pk])).status_code == 302
    assert PathEnrolment.objects.filter(path=path, employee=employee).exists()
    again = client.post(reverse("paths:follow", args=[path.pk]), follow=True)
    assert "Anda sudah mengikuti jalur belajar ini." in again.content.decode()
    assert client.post(reverse("paths:unfollow", args=[path.pk])).status_code == 302
    assert not PathEnrolment.objects.exists()


def test_an_asn_without_the_gap_does_not_get_the_path_recommended(client):
    employee = EmployeeFactory()
    path = path_with_steps(from_level=2)
    _with_gap(employee, path, assessed=3, required=3)
    client.force_login(employee.user)
    assert client.get(reverse("paths:mine")).context["paths"] == []
    # A path stays open to read (learning beyond the requirement is allowed).
    assert client.get(path.get_absolute_url()).status_code == 200


def test_report_counts_followers_and_finishers_per_unit(hr_client):
    path = path_with_steps(programs=1, tutorials=1)  # one required program, one optional tutorial
    program_step = path.steps.get(position=1)
    north, south = OrgUnitFactory(name="Dinas Utara"), OrgUnitFactory(name="Dinas Selatan")
    done = [EmployeeFactory(org_unit=north) for _ in range(2)]
    for employee in done:
        PathEnrolmentFactory(path=path, employee=employee)
        complete_step(employee, program_step)
    PathEnrolmentFactory(path=path, employee=EmployeeFactory(org_unit=north))
    PathEnrolmentFactory(path=path, employee=EmployeeFactory(org_unit=south))
    # A completed program without following the path does not count.
    complete_step(EmployeeFactory(org_unit=south), program_step)
    response = hr_client.get(reverse("paths:report"))
    [entry] = response.context["paths"]
    units = {u["employee__org_unit__name"]: (u["following"], u["finished"]) for u in entry["units"]}
    assert units == {"Dinas Utara": (3, 2), "Dinas Selatan": (1, 0)}
    assert (entry["following"], entry["finished"]) == (4, 2)


def _grow(path, n):
    for i in range(n):
        employee = EmployeeFactory()
        PathEnrolmentFactory(path=path, employee=employee)
        if i % 2:
            complete_step(employee, path.steps.get(position=1))


def test_report_query_count_does_not_grow_with_followers(hr_client, django_assert_num_queries):
    path = path_with_steps()
    other = path_with_steps()
    _grow(path, 2)
    url = reverse("paths:report")
    hr_client.get(url)  # warm up
    # 5 = session + user + role groups + the navbar's employee name, then the
    # report: 1 GROUP BY of followers by path and unit (finished computed inside).
    with django_assert_num_queries(5):
        hr_client.get(url)
    _grow(path, 6)
    _grow(other, 5)
    with django_assert_num_queries(5):
        response = hr_client.get(url)
    assert sum(p["following"] for p in response.context["paths"]) == 13


def test_asn_pages_query_count_does_not_grow_with_paths_and_steps(client, django_assert_num_queries):
    employee = EmployeeFactory()
    competency = CompetencyFactory()
    PositionCompetency.objects.create(position=employee.position, competency=competency, level=5)
    first = path_with_steps(competency=competency, from_level=1)
    client.force_login(employee.user)
    mine, detail = reverse("paths:mine"), first.get_absolute_url()
    client.get(mine)
    client.get(detail)
    # 6 = session + user + role groups + the ASN profile + the navbar's employee
    # name, then 1 for the paths with their progress counts (subqueries).
    with django_assert_num_queries(6):
        client.get(mine)
    # 7 = session + user + role groups + the ASN profile, the path with its
    # counts, its steps with program/tutorial and `done` (EXISTS), and the
    # account's employee (the follow rule; the navbar reuses it).
    with django_assert_num_queries(7):
        client.get(detail)
    for level in (2, 3, 4):
        path = path_with_steps(competency=competency, from_level=level, programs=3, tutorials=2)
        PathEnrolmentFactory(path=path, employee=employee)
        for step in path.steps.all()[:2]:
            complete_step(employee, step)
    with django_assert_num_queries(6):
        assert len(client.get(mine).context["paths"]) == 4
    with django_assert_num_queries(7):
        client.get(path.get_absolute_url())


def test_hr_list_query_count_does_not_grow(hr_client, django_assert_num_queries):
    path_with_steps()
    url = reverse("paths:manage")
    hr_client.get(url)
    # session + user + role groups + navbar name + 1 for the paths with counts.
    with django_assert_num_queries(5):
        hr_client.get(url)
    for _ in range(4):
        _grow(path_with_steps(competency=CompetencyFactory()), 2)
    with django_assert_num_queries(5):
        assert len(hr_client.get(url).context["paths"]) == 5


def test_an_archived_path_stays_visible_to_its_followers_only(client):
    path = path_with_steps()
    follower, other = EmployeeFactory(), EmployeeFactory()
    PathEnrolmentFactory(path=path, employee=follower)
    LearningPath.objects.filter(pk=path.pk).update(status=LearningPath.Status.ARCHIVED)
    client.force_login(follower.user)
    assert client.get(path.get_absolute_url()).status_code == 200
    assert [p.pk for p in client.get(reverse("paths:mine")).context["paths"]] == [path.pk]
    client.force_login(other.user)
    assert client.get(path.get_absolute_url()).status_code == 403


def test_report_needs_every_required_step_programs_and_tutorials_alike(hr_client):
    path = path_with_steps(programs=1, tutorials=1, optional_last=False)  # both required
    program_step, tutorial_step = path.steps.order_by("position")
    both, tutorial_only = EmployeeFactory(), EmployeeFactory()
    for employee in (both, tutorial_only):
        PathEnrolmentFactory(path=path, employee=employee)
        complete_step(employee, tutorial_step)
    complete_step(both, program_step)
    [entry] = hr_client.get(reverse("paths:report")).context["paths"]
    assert (entry["following"], entry["finished"]) == (2, 1)
