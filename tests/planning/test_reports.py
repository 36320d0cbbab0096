"""The 20-JP report and the competency-gap figures: correct numbers, computed
by the database, with page query counts that do not grow with the data."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Employee, EmployeeCompetency, PositionCompetency
from planning.selectors import (
    competency_profile_for,
    employees_with_gap,
    jp_report_by_unit,
    jp_report_rows,
    programs_for_gaps,
    training_needs,
    training_needs_summary,
    unit_ids_with_descendants,
)
from planning.services import needs_summary_refresh
from tests.accounts.factories import CompetencyFactory, EmployeeFactory, OrgUnitFactory, PositionFactory, UserFactory
from tests.training.factories import ProgramCompetencyFactory, ProgramFactory
from training.models import JpLedgerEntry, Program
from training.services import jp_ledger_credit
from training.services.jp_summary import jp_summary_refresh

pytestmark = pytest.mark.django_db
YEAR = 2026


def credit(employee, jp, *, year=YEAR, key=None):
    jp_ledger_credit(
        employee=employee,
        year=year,
        jp=Decimal(jp),
        source=JpLedgerEntry.Source.EXTERNAL,
        source_key=key or f"test:{employee.pk}:{year}:{jp}:{JpLedgerEntry.objects.count()}",
        description="Pelatihan uji",
    )


@pytest.fixture
def units():
    dinas = OrgUnitFactory(code="dinas-uji", name="Dinas Uji")
    upt = OrgUnitFactory(code="upt-uji", name="UPT Uji", parent=dinas)
    camat = OrgUnitFactory(code="kec-uji", name="Kecamatan Uji")
    return dinas, upt, camat


def test_jp_report_sums_the_year_and_keeps_those_below_their_target(units, settings):
    settings.JP_YEARLY_TARGET = {"pns": 20, "pppk": 10}
    dinas, upt, camat = units
    reached = EmployeeFactory(org_unit=dinas, full_name="A Cukup")
    credit(reached, 12)
    credit(reached, 8)
    short = EmployeeFactory(org_unit=upt, full_name="B Kurang")
    credit(short, 16)
    credit(short, 30, year=YEAR - 1)  # last year's JP do not count
    pppk = EmployeeFactory(org_unit=camat, employment_type=Employee.EmploymentType.PPPK, full_name="C PPPK")
    credit(pppk, 10)  # the PPPK target is 10 here
    nothing = EmployeeFactory(org_unit=camat, full_name="D Nol")
    EmployeeFactory(org_unit=camat, is_active=False)

    below = list(jp_report_rows(year=YEAR))
    # Ordered by unit name, then name: Kecamatan Uji before UPT Uji.
    assert [(e.full_name, e.jp_total, e.jp_target, e.jp_missing) for e in below] == [
        ("D Nol", Decimal("0"), Decimal("20"), Decimal("20")),
        ("B Kurang", Decimal("16"), Decimal("20"), Decimal("4")),
    ]
    everyone = {e.full_name: e.jp_total for e in jp_report_rows(year=YEAR, below_only=False)}
    assert everyone == {"A Cukup": 20, "B Kurang": 16, "C PPPK": 10, "D Nol": 0}
    in_dinas = jp_report_rows(year=YEAR, unit_ids=unit_ids_with_descendants([dinas.pk]))
    assert [e.pk for e in in_dinas] == [short.pk]
    assert [e.pk for e in jp_report_rows(year=YEAR, search="nol")] == [nothing.pk]
    assert [e.pk for e in jp_report_rows(year=YEAR, employment_type="pppk", below_only=False)] == [pppk.pk]


def test_jp_report_by_unit_counts_asn_below_target_and_average_jp(units):
    dinas, upt, camat = units
    for jp in (20, 10, 0):
        employee = EmployeeFactory(org_unit=camat)
        if jp:
            credit(employee, jp)
    credit(EmployeeFactory(org_unit=dinas), 24)
    rows = {r["org_unit__name"]: r for r in jp_report_by_unit(year=YEAR)}
    assert rows["Kecamatan Uji"]["asn"] == 3
    assert rows["Kecamatan Uji"]["below"] == 2
    assert rows["Kecamatan Uji"]["average_jp"] == pytest.approx(10)
    assert (rows["Dinas Uji"]["asn"], rows["Dinas Uji"]["below"]) == (1, 0)


def _populate_jp(n, unit):
    for i in range(n):
        employee = EmployeeFactory(org_unit=unit)
        credit(employee, 4 + i % 20)


def test_jp_report_page_query_count_stays_the_same_as_data_grows(client, units, django_assert_num_queries):
    client.force_login(UserFactory(roles=["hr"]))
    url = reverse("planning:jp-report") + f"?year={YEAR}&show=all"
    _populate_jp(3, units[2])
    jp_summary_refresh(year=YEAR)  # what the Celery worker does after the ledger writes
    client.get(url)  # warm up (content types, translations)
    # 7 = session + user + role groups + the navbar's employee name, then the
    # page: 1 per-unit figures from the summary (they also give the paginator
    # its count), 1 rows (employee + unit + position joined to the summary) and
    # 1 for the units of the filter's select.
    with django_assert_num_queries(7) as small:
        assert client.get(url).status_code == 200
    _populate_jp(40, units[0])
    jp_summary_refresh(year=YEAR)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 43


def test_jp_report_export_is_an_xlsx_with_nips_as_text(client, units):
    client.force_login(UserFactory(roles=["hr"]))
    employee = EmployeeFactory(org_unit=units[0], full_name="Sri Lubis", nip="199002142015032001")
    credit(employee, 6)
    response = client.get(reverse("planning:jp-report-export") + f"?year={YEAR}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    # The first sheet records the filters used.
    assert list(workbook.worksheets[0].iter_rows(values_only=True)) == [
        ("Filter", "Nilai"),
        ("Tahun", str(YEAR)),
        ("Perangkat daerah", "Semua unit"),
        ("Jenis kepegawaian", "Semua"),
        ("Nama atau NIP", "-"),
        ("Tampilkan", "Di bawah target"),
    ]
    sheet = workbook.worksheets[1]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("NIP", "Nama")
    assert rows[1][0] == "199002142015032001"  # text, all 18 digits
    assert rows[1][1] == "Sri Lubis"
    assert rows[1][5:] == (6, 20, 14)


def test_hr_pages_are_closed_to_asn(client):
    client.force_login(UserFactory(roles=["asn"]))
    for name in ("jp-report", "jp-report-export", "needs", "bulk", "assessment-import"):
        assert client.get(reverse(f"planning:{name}")).status_code == 403


# --- Competency gaps ---------------------------------------------------------------


@pytest.fixture
def dictionary():
    integrity = CompetencyFactory(code="M.01", name="Integritas")
    service = CompetencyFactory(code="M.05", name="Pelayanan Publik")
    digital = CompetencyFactory(code="T.TIK.01", name="Literasi Digital")
    position = PositionFactory(name="Pengadministrasi")
    for competency, level in ((integrity, 2), (service, 3), (digital, 2)):
        PositionCompetency.objects.create(position=position, competency=competency, level=level)
    return position, integrity, service, digital


def assess(employee, competency, level):
    EmployeeCompetency.objects.create(
        employee=employee, competency=competency, level=level, assessed_on=datetime.date(2026, 1, 10)
    )


def test_competency_profile_shows_required_assessed_and_gap(dictionary):
    position, integrity, service, digital = dictionary
    employee = EmployeeFactory(position=position)
    assess(employee, integrity, 3)
    assess(employee, service, 1)
    profile = {
        row.competency.code: (row.level, row.assessed, row.gap) for row in competency_profile_for(employee=employee)
    }
    assert profile == {"M.01": (2, 3, -1), "M.05": (3, 1, 2), "T.TIK.01": (2, None, None)}


def test_recommended_programs_raise_a_missing_competency_above_the_assessed_level(dictionary):
    position, integrity, service, digital = dictionary
    employee = EmployeeFactory(position=position)
    assess(employee, service, 1)
    assess(employee, integrity, 3)  # above the required 2: no gap
    good = ProgramFactory(title="Pelayanan Prima")
    ProgramCompetencyFactory(program=good, competency=service, target_level=3)
    too_low = ProgramFactory(title="Dasar Pelayanan")
    ProgramCompetencyFactory(program=too_low, competency=service, target_level=1)
    draft = ProgramFactory(title="Draf", status=Program.Status.DRAFT)
    ProgramCompetencyFactory(program=draft, competency=digital, target_level=3)
    digital_program = ProgramFactory(title="Literasi Digital ASN")
    ProgramCompetencyFactory(program=digital_program, competency=digital, target_level=2)
    ProgramCompetencyFactory(program=digital_program, competency=integrity, target_level=4)  # met already
    gaps = [row for row in competency_profile_for(employee=employee) if row.gap is None or row.gap > 0]
    programs = programs_for_gaps(gaps=gaps, employee=employee)
    assert [p.title for p in programs] == ["Literasi Digital ASN", "Pelayanan Prima"]
    assert [link.competency.code for link in programs[0].addresses] == ["T.TIK.01"]


def _needs_population(position, competencies, unit, n):
    integrity, service, digital = competencies
    for i in range(n):
        employee = EmployeeFactory(position=position, org_unit=unit)
        assess(employee, service, 1 + i % 2)  # required 3: gap 2 or 1
        if i % 3 == 0:
            assess(employee, integrity, 2)  # meets the requirement


def test_training_needs_aggregates_gaps_per_competency(dictionary, units):
    position, *competencies = dictionary
    _needs_population(position, competencies, units[0], 4)
    _needs_population(position, competencies, units[2], 2)
    ProgramCompetencyFactory(program=ProgramFactory(), competency=competencies[1], target_level=3)
    needs = {n["competency__code"]: n for n in training_needs(unit_ids=[units[0].pk])}
    assert needs["M.05"]["required"] == 4
    assert needs["M.05"]["with_gap"] == 4
    assert needs["M.05"]["average_gap"] == pytest.approx(1.5)
    assert needs["M.05"]["published_programs"] == 1
    assert needs["M.01"]["with_gap"] == 0
    assert needs["M.01"]["not_assessed"] == 2
    assert needs["T.TIK.01"]["not_assessed"] == 4
    assert needs["T.TIK.01"]["published_programs"] is None
    whole_city = {n["competency__code"]: n["required"] for n in training_needs()}
    assert whole_city["M.05"] == 6
    short = employees_with_gap(competency=competencies[1], unit_ids=[units[0].pk])
    assert short.count() == 4
    assert {(e.required, e.assessed) for e in short} == {(3, 1), (3, 2)}


def test_training_needs_page_query_count_stays_the_same_as_data_grows(
    client, dictionary, units, django_assert_num_queries
):
    position, *competencies = dictionary
    client.force_login(UserFactory(roles=["hr"]))
    url = reverse("planning:needs") + f"?unit={units[0].pk}&include_subunits=on"
    _needs_population(position, competencies, units[0], 3)
    client.get(url)
    # 8 = session + user + role groups + the navbar's employee name, then the
    # page: 1 chosen unit (form validation), 1 unit tree for the sub-units,
    # 1 grouped training-needs query (over the figures Celery keeps) and 1 for
    # the units of the filter's select.
    with django_assert_num_queries(8) as small:
        response = client.get(url)
    assert response.status_code == 200
    _needs_population(position, competencies, units[1], 30)
    needs_summary_refresh()  # what the beat job does
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    needs = {n["competency__code"]: n for n in response.context["needs"]}
    assert needs["M.05"]["required"] == 33
    assert b'data-chart="bar"' in response.content


def test_employee_gap_page_saves_assessed_levels_and_refuses_future_dates(client, dictionary):
    position, integrity, service, digital = dictionary
    employee = EmployeeFactory(position=position)
    client.force_login(UserFactory(roles=["hr"]))
    url = reverse("planning:employee-gaps", args=[employee.pk])
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(url, {"assessed_on": future, f"level_{service.pk}": "2"})
    assert response.status_code == 400
    assert "tidak boleh di masa depan" in response.content.decode()
    assert not EmployeeCompetency.objects.exists()
    response = client.post(url, {"assessed_on": "2026-01-05", f"level_{service.pk}": "2", f"level_{digital.pk}": "3"})
    assert response.status_code == 302
    levels = dict(EmployeeCompetency.objects.values_list("competency__code", "level"))
    assert levels == {"M.05": 2, "T.TIK.01": 3}


def test_my_gaps_shows_the_asn_their_own_gaps(client, dictionary):
    position, integrity, service, digital = dictionary
    employee = EmployeeFactory(position=position)
    assess(employee, service, 1)
    client.force_login(employee.user)
    response = client.get(reverse("planning:my-gaps"))
    assert response.status_code == 200
    assert response.context["with_gap"] == 1
    assert response.context["not_assessed"] == 2
    assert "Pelayanan Publik" in response.content.decode()


def test_jp_report_export_writes_a_formula_like_name_as_plain_text(client, units):
    """Formula injection: the name is shown as typed, never run as a formula."""
    import zipfile

    client.force_login(UserFactory(roles=["hr"]))
    evil = '=HYPERLINK("http://evil.example/x","Sri Lubis")'
    credit(EmployeeFactory(org_unit=units[0], full_name=evil, nip="199002142015032001"), 6)
    OrgUnitFactory(code="unit-plus", name="+Unit")  # other cells too
    response = client.get(reverse("planning:jp-report-export") + f"?year={YEAR}")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    for name in archive.namelist():  # the filters sheet and the rows
        if name.startswith("xl/worksheets/"):
            xml = archive.read(name).decode()
            assert "<f>" not in xml and "<f " not in xml
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[-1]  # after the filters sheet
    cell = sheet["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (evil, "s", True)
    assert sheet["F2"].value == 6  # numbers stay numbers


@pytest.mark.parametrize("which", ["city", "unit", "subunits", "pppk", "empty"])
def test_the_needs_summary_gives_the_live_figures_figure_by_figure(dictionary, units, which):
    position, *competencies = dictionary
    _needs_population(position, competencies, units[0], 5)
    _needs_population(position, competencies, units[1], 3)
    _needs_population(position, competencies, units[2], 4)
    Employee.objects.filter(pk__in=Employee.objects.filter(org_unit=units[2]).values("pk")[:2]).update(
        employment_type=Employee.EmploymentType.PPPK
    )
    Employee.objects.filter(org_unit=units[1]).update(is_active=False)
    ProgramCompetencyFactory(program=ProgramFactory(), competency=competencies[1], target_level=3)
    query = {
        "city": {},
        "unit": {"unit_ids": [units[0].pk]},
        "subunits": {"unit_ids": unit_ids_with_descendants([units[0].pk])},
        "pppk": {"employment_type": "pppk"},
        "empty": {"unit_ids": []},
    }[which]
    needs_summary_refresh()
    live = training_needs(**query)
    summary = training_needs_summary(**query)
    assert all(row.pop("refreshed_at") is not None for row in summary)
    for row in summary:
        if row["average_gap"] is not None:
            row["average_gap"] = pytest.approx(row["average_gap"], rel=1e-12)
    assert summary == live
    if which != "empty":
        assert live


def test_saving_assessments_queues_the_needs_refresh(dictionary, django_capture_on_commit_callbacks):
    from asn_competency.common.models import OutboxMessage
    from planning.services import assessments_set_many

    position, integrity, *_rest = dictionary
    employee = EmployeeFactory(position=position)
    with django_capture_on_commit_callbacks():
        assessments_set_many(employee=employee, levels={integrity.pk: 3})
    assert OutboxMessage.objects.filter(task="planning.needs_summary_refresh").exists()
