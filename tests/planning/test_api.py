import pytest

from accounts.models import EmployeeCompetency, PositionCompetency
from tests.accounts.factories import CompetencyFactory, EmployeeFactory, OrgUnitFactory, PositionFactory, UserFactory
from tests.training.factories import ProgramCompetencyFactory

from .test_reports import YEAR, credit

pytestmark = pytest.mark.django_db


def test_jp_report_api_filters_by_unit_code_with_sub_units(client):
    parent = OrgUnitFactory(code="kec-api")
    child = OrgUnitFactory(code="kel-api", parent=parent)
    short = EmployeeFactory(org_unit=child)
    credit(short, 4)
    EmployeeFactory(org_unit=OrgUnitFactory(code="lain-api"))
    client.force_login(UserFactory(roles=["hr"]))
    body = client.get("/api/v1/planning/jp-report/", {"year": YEAR, "unit": "kec-api"}).json()
    assert body["count"] == 1
    assert body["results"][0] == {
        "nip": short.nip,
        "full_name": short.full_name,
        "unit": "kel-api",
        "unit_name": child.name,
        "employment_type": "pns",
        "jp_total": "4.0",
        "jp_target": "20.0",
        "jp_missing": "16.0",
    }
    bad_year = client.get("/api/v1/planning/jp-report/", {"year": "abc"})
    assert bad_year.status_code == 400 and "year" in bad_year.json()["errors"]
    bad_unit = client.get("/api/v1/planning/jp-report/", {"unit": "tidak-ada"})
    assert bad_unit.status_code == 400
    assert bad_unit.json()["errors"]["unit"] == ["Tidak ada unit organisasi dengan kode tidak-ada."]


def test_planning_api_is_for_hr_only(client):
    client.force_login(UserFactory(roles=["asn"]))
    assert client.get("/api/v1/planning/jp-report/").status_code == 403
    assert client.get("/api/v1/planning/training-needs/").status_code == 403


def test_my_competency_gaps_api(client):
    competency = CompetencyFactory(code="M.05")
    position = PositionFactory()
    PositionCompetency.objects.create(position=position, competency=competency, level=3)
    employee = EmployeeFactory(position=position)
    EmployeeCompetency.objects.create(employee=employee, competency=competency, level=1, assessed_on="2026-01-01")
    link = ProgramCompetencyFactory(competency=competency, target_level=3)
    client.force_login(employee.user)
    body = client.get("/api/v1/me/competency-gaps/").json()
    assert body["competencies"] == [
        {"competency": "M.05", "name": competency.name, "required": 3, "assessed": 1, "gap": 2, "learning_path": None}
    ]
    assert body["recommended_programs"][0]["code"] == link.program.code
    assert body["recommended_programs"][0]["addresses"] == ["M.05"]
    client.force_login(UserFactory(roles=["asn"]))
    response = client.get("/api/v1/me/competency-gaps/")
    assert response.status_code == 403 and response.json()["code"] == "no_employee_profile"
