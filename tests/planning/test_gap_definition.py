"""One competency-gap definition (accounts.gaps: required - assessed, positive =
deficit) on the page, in the API and in recommendations, which also respect each
program's target audience (position kind, unit kind)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import gaps
from accounts.models import EmployeeCompetency, OrgUnit, Position, PositionCompetency
from tests.accounts.factories import CompetencyFactory, EmployeeFactory, OrgUnitFactory, PositionFactory, UserFactory
from tests.training.factories import ProgramCompetencyFactory, ProgramFactory
from training.models import Program

pytestmark = pytest.mark.django_db


def test_gap_is_required_minus_assessed():
    assert gaps.competency_gap(required=3, assessed=2) == 1  # deficit
    assert gaps.competency_gap(required=2, assessed=3) == -1  # surplus
    assert gaps.competency_gap(required=2, assessed=None) is None
    assert gaps.needs_development(1) and gaps.needs_development(None)
    assert not gaps.needs_development(0) and not gaps.needs_development(-1)


@pytest.fixture
def clerk():
    """A Disdukcapil clerk (pelaksana in a dinas) one level short in M.05 and one
    level above the requirement in M.01."""
    service = CompetencyFactory(code="M.05", name="Pelayanan Publik")
    integrity = CompetencyFactory(code="M.01", name="Integritas")
    position = PositionFactory(name="Pengadministrasi Kependudukan", kind=Position.Kind.EXECUTOR)
    PositionCompetency.objects.create(position=position, competency=service, level=3)
    PositionCompetency.objects.create(position=position, competency=integrity, level=2)
    unit = OrgUnitFactory(code="disdukcapil", kind=OrgUnit.Kind.DINAS)
    employee = EmployeeFactory(position=position, org_unit=unit)
    for competency, level in ((service, 2), (integrity, 3)):
        EmployeeCompetency.objects.create(
            employee=employee, competency=competency, level=level, assessed_on="2026-01-01"
        )
    return employee


def test_page_and_api_agree_on_the_sign(client, clerk):
    client.force_login(clerk.user)
    body = client.get("/api/v1/me/competency-gaps/").json()
    by_code = {row["competency"]: row["gap"] for row in body["competencies"]}
    assert by_code == {"M.05": 1, "M.01": -1}
    page = client.get(reverse("planning:my-gaps"))
    rows = {row.competency.code: row.gap for row in page.context["profile"]}
    assert rows == by_code
    html = page.content.decode()
    assert '<span class="badge text-bg-danger">1</span>' in html  # a deficit of one level, not "-1"
    assert 'text-bg-danger">-' not in html


def test_recommendations_respect_the_target_audience(client, clerk):
    service = clerk.position.requirements.get(competency__code="M.05").competency
    health = ProgramFactory(code="kesehatan-primer", status=Program.Status.PUBLISHED, audience_unit_kinds=["puskesmas"])
    ProgramCompetencyFactory(program=health, competency=service, target_level=3)
    leaders = ProgramFactory(code="pkp", status=Program.Status.PUBLISHED, audience_position_kinds=["pengawas"])
    ProgramCompetencyFactory(program=leaders, competency=service, target_level=3)
    prima = ProgramFactory(
        code="pelayanan-prima", status=Program.Status.PUBLISHED, audience_position_kinds=["pelaksana"],
        audience_unit_kinds=["dinas", "kecamatan"],
    )  # fmt: skip
    ProgramCompetencyFactory(program=prima, competency=service, target_level=3)
    everyone = ProgramFactory(code="untuk-semua", status=Program.Status.PUBLISHED)
    ProgramCompetencyFactory(program=everyone, competency=service, target_level=4)
    client.force_login(clerk.user)
    body = client.get("/api/v1/me/competency-gaps/").json()
    assert sorted(p["code"] for p in body["recommended_programs"]) == ["pelayanan-prima", "untuk-semua"]
    page = client.get(reverse("planning:my-gaps"))
    assert sorted(p.code for p in page.context["programs"]) == ["pelayanan-prima", "untuk-semua"]
    nurse = EmployeeFactory(org_unit=OrgUnitFactory(kind=OrgUnit.Kind.PUSKESMAS), position=clerk.position)
    assert health.is_for(nurse) and not health.is_for(clerk)


def test_program_audience_accepts_only_known_kinds():
    program = ProgramFactory.build(code="x-1", audience_unit_kinds=["pasar"])
    with pytest.raises(ValidationError) as exc:
        program.full_clean()
    assert "audience_unit_kinds" in exc.value.message_dict


def test_hr_sets_the_audience_on_the_program_form(client):
    client.force_login(UserFactory(roles=["hr"]))
    data = {
        "code": "kesehatan-primer", "title": "Kesehatan Primer", "kind": "classroom", "category": "technical",
        "jp": "24", "status": "draft", "audience_unit_kinds": ["puskesmas", "rsud"],
        "competencies-TOTAL_FORMS": "0", "competencies-INITIAL_FORMS": "0",
        "competencies-MIN_NUM_FORMS": "0", "competencies-MAX_NUM_FORMS": "15",
    }  # fmt: skip
    response = client.post(reverse("training:hr-program-create"), data)
    assert response.status_code == 302
    program = Program.objects.get(code="kesehatan-primer")
    assert program.audience_unit_kinds == ["puskesmas", "rsud"] and program.audience_position_kinds == []
